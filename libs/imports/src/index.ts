export * from './extract';
export * from './limits';
export * from './tables';
export * from './task-book';
