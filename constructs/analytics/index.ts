// Data platform on AWS-managed services (issue 17): search, schemas, the lakehouse and its pipelines.
export * from './airflow-environment';
export * from './flink-application';
export * from './iam';
export * from './kafka-iceberg-sink';
export * from './lakehouse';
export * from './ml-access';
export * from './network-access';
export * from './schema-registry';
export * from './search-domain';
export * from './spark-virtual-cluster';
// Catalog types the constructs take (the data itself lives in catalog/).
export type { AvroEnum, AvroField, AvroRecord, AvroType, EventSchemaSpec, SchemaCompatibility } from '../../catalog/event-schemas';
export type { LakeColumn, LakeLayer, LakeRetention, LakeTableSpec, RetentionDays } from '../../catalog/lake-tables';
