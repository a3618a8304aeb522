export * from './jobs';
export * from './redis-requirements';
