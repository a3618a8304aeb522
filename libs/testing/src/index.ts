export * from './decider-spec';
export * from './office-files';
