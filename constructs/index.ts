// Public API of the construct library: one namespace-free re-export per domain.
export * from './core';
export * from './network';
export * from './data';
export * from './bindings';
export * from './cluster';
export * from './k8s';
export * from './platform';
