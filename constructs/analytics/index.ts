// Data platform on AWS-managed services (issue 17): search, schemas, the lakehouse and its pipelines.
export * from './airflow-environment';
export * from './flink-application';
export * from './iam';
export * from './kafka-iceberg-sink';
export * from './lake-types';
export * from './lakehouse';
export * from './ml-access';
export * from './network-access';
export * from './schema-registry';
export * from './schema-types';
export * from './search-domain';
export * from './spark-virtual-cluster';
