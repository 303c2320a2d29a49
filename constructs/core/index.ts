export * from './aws-context';
export * from './cidr';
export * from './errors';
export * from './iam';
export * from './kms';
export * from './logs';
export * from './regions';
export * from './moves';
