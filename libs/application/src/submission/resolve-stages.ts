import { reviewerScopes, type ReviewScope, type Stage, type StageSpec } from '@sg/domain';
import type { UserQueries } from '@sg/read-models';

/**
 * Whom to ask at each stage, in one scope: the list the inbox shows. Who may actually act is
 * decided at each action from the stage's eligibility and the actor's grants at that moment.
 */
export function resolveStages(specs: StageSpec[], scope: ReviewScope, users: UserQueries): Stage[] {
  return specs.map((spec) => {
    const byRole = spec.reviewers.roles.flatMap((role) => users.withRole(role, reviewerScopes(role, scope)));
    const named = spec.reviewers.users.filter((id) => {
      const user = users.byId(id);
      return user !== undefined && !user.disabled;
    });
    return {
      name: spec.name,
      rule: spec.rule,
      reviewers: [...new Set([...byRole, ...named])],
      eligible: { roles: [...spec.reviewers.roles], users: [...spec.reviewers.users] },
    };
  });
}
