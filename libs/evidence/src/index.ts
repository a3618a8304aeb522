export * from './refusal';
export * from './file-name';
export * from './inspect';
export * from './scanner';
export * from './content-store';
export * from './clamd-scanner';
