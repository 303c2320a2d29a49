export * from './service-deployment';
