export * from './access-level';
export * from './access-point';
export * from './prefix-access-point';
export * from './shared-data-bucket';
