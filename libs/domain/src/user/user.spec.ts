import { deciderSpec } from '@sg/testing';
import { userDecider, type UserEvent } from './user';

const spec = deciderSpec(userDecider);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', username: 'zhang.san', displayName: '张三' },
};

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
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'project-lead', scope: 'project:p1' } })
      .then([{ type: 'RoleGranted', data: { userId: 'u1', role: 'project-lead', scope: 'project:p1' } }]);
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'project-lead', scope: '*' } })
      .thenThrows('invalid-scope');
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'auditor', scope: 'plan:x' } })
      .thenThrows('invalid-scope');
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'office', scope: 'plan:' } })
      .thenThrows('invalid-scope');
  });

  it('grants a role already held without a new event, and revokes only what was granted', () => {
    const granted: UserEvent = { type: 'RoleGranted', data: { userId: 'u1', role: 'auditor', scope: '*' } };
    spec.given([registered, granted]).when({ type: 'GrantRole', data: granted.data }).then([]);
    spec
      .given([registered, granted])
      .when({ type: 'RevokeRole', data: granted.data })
      .then([{ type: 'RoleRevoked', data: granted.data }]);
    spec.given([registered]).when({ type: 'RevokeRole', data: granted.data }).thenThrows('grant-not-found');
  });

  it('keeps the read-only auditor role apart from every role that writes', () => {
    const auditor: UserEvent = { type: 'RoleGranted', data: { userId: 'u1', role: 'auditor', scope: '*' } };
    const office: UserEvent = { type: 'RoleGranted', data: { userId: 'u1', role: 'office', scope: '*' } };
    spec
      .given([registered, auditor])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'office', scope: '*' } })
      .thenThrows('auditor-role-exclusive');
    spec
      .given([registered, office])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'auditor', scope: '*' } })
      .thenThrows('auditor-role-exclusive');
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
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'expert', scope: 'plan:p1' } })
      .then([{ type: 'RoleGranted', data: { userId: 'u1', role: 'expert', scope: 'plan:p1' } }]);
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'expert', scope: '*' } })
      .thenThrows('invalid-scope');
    spec
      .given([registered, { type: 'RoleGranted', data: { userId: 'u1', role: 'expert', scope: 'plan:p1' } }])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'reviewer', scope: 'plan:p1' } })
      .thenThrows('expert-role-exclusive');
    spec
      .given([registered, { type: 'RoleGranted', data: { userId: 'u1', role: 'office', scope: 'plan:p1' } }])
      .when({ type: 'GrantRole', data: { userId: 'u1', role: 'expert', scope: 'plan:p1' } })
      .thenThrows('expert-role-exclusive');
  });
});
