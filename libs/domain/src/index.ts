export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/values';
export * from './shared/completion';
export * from './plan/plan';
export * from './task/task';
export * from './user/user';
export * from './scoring/scoring';
