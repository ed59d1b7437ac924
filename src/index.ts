export * from './access-level';
export * from './access-point';
export * from './prefix-access-point';
export * from './principal-folder';
export * from './shared-data-bucket';
