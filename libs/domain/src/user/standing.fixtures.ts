import type { Standing } from './standing';

/** Test fixture: a person as their own stream says now (an account that exists, active unless told). */
export const person = (userId: string, grants: string[] = [], active = true): Standing => ({
  userId,
  exists: true,
  active,
  grants,
});
