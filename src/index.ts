export * from './access-level';
export * from './access-point';
export * from './endpoint-allowance';
export * from './endpoint-approval';
export * from './prefix-access-point';
export * from './principal-folder';
export * from './shared-data-bucket';
export * from './vpc-only-access-point';
