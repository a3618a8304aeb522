export * from './model';
export { NotATaskBook, readTaskBook } from './read-task-book';
export { parseTarget, splitCoded } from './target';
export { splitItems } from './tasks';
export { FINDING_LABELS, previewOf, TABLE_LABELS, type FindingsPage, type TaskBookPreview } from './preview';
export {
  indicatorKey,
  partKey,
  secondaryTaskKey,
  taskBookEntries,
  taskItemKey,
  type TaskBookEntries,
} from './entries';
