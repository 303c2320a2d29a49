export * from './objects';
export * from './manifest';
