export * from './config';
export * from './local-redis';
export * from './private-data';
export * from './supervision';
