export * from './provider-version';
export * from './msk-topic';
