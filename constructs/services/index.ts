export * from './service-deployment';
export * from './latency-metric';
export * from './default-deny';
export * from './ingress-routes';
