import { deciderSpec } from '@sg/testing';
import { userDecider, type GrantableRole, type UserEvent } from './user';

const spec = deciderSpec(userDecider);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', username: 'zhang.san', displayName: '张三' },
};

const grant = (role: GrantableRole, scope: string) =>
  ({ type: 'GrantRole', data: { userId: 'u1', role, scope } }) as const;
const roleGranted = (role: GrantableRole, scope: string): Extract<UserEvent, { type: 'RoleGranted' }> => ({
  type: 'RoleGranted',
  data: { userId: 'u1', role, scope },
});

describe('user', () => {
  it('registers with a normalised username', () => {
    spec
      .given([])
      .when({ type: 'RegisterUser', data: { userId: 'u1', username: ' Zhang.San ', displayName: '张三' } })
      .then([registered]);
    for (const bad of ['ab', '-abc', 'zhang san', '张三', 'a'.repeat(33)]) {
      spec
        .given([])
        .when({ type: 'RegisterUser', data: { userId: 'u1', username: bad, displayName: '张三' } })
        .thenThrows('invalid-username');
    }
  });

  it('grants roles within the scopes each role allows', () => {
    spec
      .given([registered])
      .when(grant('project-lead', 'project:p1'))
      .then([roleGranted('project-lead', 'project:p1')]);
    spec.given([registered]).when(grant('project-lead', '*')).thenThrows('invalid-scope');
    spec.given([registered]).when(grant('auditor', 'plan:x')).thenThrows('invalid-scope');
    spec.given([registered]).when(grant('office', 'plan:')).thenThrows('invalid-scope');
  });

  it('grants a role already held without a new event, and revokes only what was granted', () => {
    const granted: UserEvent = roleGranted('auditor', '*');
    spec.given([registered, granted]).when({ type: 'GrantRole', data: granted.data }).then([]);
    spec
      .given([registered, granted])
      .when({ type: 'RevokeRole', data: granted.data })
      .then([{ type: 'RoleRevoked', data: granted.data }]);
    spec.given([registered]).when({ type: 'RevokeRole', data: granted.data }).thenThrows('grant-not-found');
  });

  it('keeps the read-only auditor role apart from every role that writes', () => {
    const auditor: UserEvent = roleGranted('auditor', '*');
    const office: UserEvent = roleGranted('office', '*');
    spec.given([registered, auditor]).when(grant('office', '*')).thenThrows('auditor-role-exclusive');
    spec.given([registered, office]).when(grant('auditor', '*')).thenThrows('auditor-role-exclusive');
    spec
      .given([registered, office, { type: 'RoleRevoked', data: office.data }])
      .when({ type: 'GrantRole', data: auditor.data })
      .then([auditor]);
  });

  it('refuses changes to a user who does not exist', () => {
    spec
      .given([])
      .when({ type: 'DisableUser', data: { userId: 'u1' } })
      .thenThrows('user-not-found');
  });

  it('disables and enables idempotently', () => {
    const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'u1' } };
    spec
      .given([registered])
      .when({ type: 'DisableUser', data: { userId: 'u1' } })
      .then([disabled]);
    spec
      .given([registered, disabled])
      .when({ type: 'DisableUser', data: { userId: 'u1' } })
      .then([]);
    spec
      .given([registered, disabled])
      .when({ type: 'EnableUser', data: { userId: 'u1' } })
      .then([{ type: 'UserEnabled', data: { userId: 'u1' } }]);
  });
});

describe('the outside expert role', () => {
  const spec = deciderSpec(userDecider);
  const registered: UserEvent = {
    type: 'UserRegistered',
    data: { userId: 'u1', username: 'expert1', displayName: '专家' },
  };
  it('is scoped to one plan and held alone', () => {
    spec
      .given([registered])
      .when(grant('expert', 'plan:p1'))
      .then([roleGranted('expert', 'plan:p1')]);
    spec.given([registered]).when(grant('expert', '*')).thenThrows('invalid-scope');
    spec
      .given([registered, roleGranted('expert', 'plan:p1')])
      .when(grant('reviewer', 'plan:p1'))
      .thenThrows('expert-role-exclusive');
    spec
      .given([registered, roleGranted('office', 'plan:p1')])
      .when(grant('expert', 'plan:p1'))
      .thenThrows('expert-role-exclusive');
  });
});
