// Public API of the construct library: one namespace-free re-export per domain.
export * from './core';
export * from './network';
export * from './data';
export * from './bindings';
export * from './cluster';
export * from './edge';
// `k8s`, `platform` and `services` are subpath-only entry points (`@ott-platform/infra/k8s`, `/platform`, `/services`): they load the
// optional peer dependencies @cdktf/provider-kubernetes and @cdktf/provider-helm, which the package root must not need.
