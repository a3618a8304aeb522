export * from './framework/projection';
export * from './framework/projection-runner';
export * from './framework/read-model-database';
export * from './completion/completion.projection';
export * from './completion/completion.queries';

import { completionProjection } from './completion/completion.projection';
import type { Projection } from './framework/projection';

/** Every projection the application runs, in one place. */
export const ALL_PROJECTIONS: readonly Projection[] = [completionProjection];
