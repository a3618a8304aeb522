export * from './model';
export { NotATaskBook, readTaskBook } from './read-task-book';
export { parseTarget, splitCoded } from './target';
export { splitItems } from './tasks';
