export * from './config';
export * from './local-redis';
