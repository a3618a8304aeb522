/**
 * What the API, the worker and the web agree on: view and command shapes, limits, enums. Imports
 * nothing (no Node, no Nest, no other lib): the browser bundle includes it as it is.
 */
export * from './enums';
export * from './limits';
export * from './views';
export * from './event-names';
export * from './password-rules';
export * from './problem-titles';
export * from './rectification';
export * from './directory';
export * from './task-book';
export * from './facts';
