// The resolved plan: config + catalogs + phase + scale -> the typed input of every stack (docs/contracts.md).
export * from './context';
export * from './sizing';
export * from './network';
export * from './data';
export * from './cluster';
export * from './environment';
export * from './regions';
