// Typed workload catalogs (seed 003 §3 and §4) shared by every layer.
export * from './services';
export * from './kafka-topics';
export * from './databases';
export * from './catalog-validation';
export * from './gpu-workloads';
