export * from './network';
export * from './subnet-plan';
export * from './region-peering';
