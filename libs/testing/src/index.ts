export * from './decider-spec';
export * from './office-files';
export * from './task-book-files';
export * from './plan-events';
