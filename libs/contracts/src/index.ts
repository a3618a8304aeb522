/**
 * What the API, the worker and the web agree on: view and command shapes, limits, enums. Imports
 * nothing (no Node, no Nest, no other lib): the browser bundle includes it as it is.
 *
 * The API's answers as the web reads them, one file per area. Figures are exact decimals sent as
 * text, each with its display text. The server's own view types are checked against these
 * (apps/api/src/http/contracts.spec.ts).
 */
export * from './enums';
export * from './limits';
export * from './accounts';
export * from './plans';
export * from './tasks';
export * from './submissions';
export * from './figures';
export * from './home';
export * from './notifications';
export * from './briefings';
export * from './audit';
export * from './amendments';
export * from './campaigns';
export * from './event-names';
export * from './password-rules';
export * from './problem-titles';
export * from './rectification';
export * from './directory';
export * from './task-book';
export * from './facts';
