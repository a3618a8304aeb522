import { assertNever, eventTypesOf, evolvers, type InPlaceDecider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { requireDepartments } from '../department/department';

/**
 * Roles a user may be granted, each with a scope: `*` (everything), `plan:<id>` or
 * `project:<id>`. Being a task owner is not granted: it follows from owning a task.
 */
export const GRANTABLE_ROLES = [
  'office',
  'leadership',
  'project-lead',
  'reviewer',
  'auditor',
  'expert',
] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export const ROLE_NAMES: Record<GrantableRole | 'task-owner', string> = {
  office: '项目办',
  leadership: '领导小组',
  'project-lead': '项目负责人',
  reviewer: '审核人',
  auditor: '审计 / 评价专家',
  expert: '评审专家（校外）',
  'task-owner': '任务负责人',
};

/** Which scopes each role may carry. */
const ALLOWED_SCOPES: Record<GrantableRole, readonly ('*' | 'plan' | 'project')[]> = {
  office: ['*', 'plan'],
  leadership: ['*'],
  'project-lead': ['project'],
  reviewer: ['*', 'plan', 'project'],
  auditor: ['*'],
  expert: ['plan'],
};

/** Roles held alone: an account with one of them holds no other kind of role. */
const EXCLUSIVE_ROLES: readonly GrantableRole[] = ['auditor', 'expert'];
const roleOfGrant = (grant: string) => grant.slice(0, grant.indexOf('@')) as GrantableRole;

export type UserCommand =
  | Message<'RegisterUser', { userId: string; username: string; displayName: string }>
  | Message<'GrantRole', { userId: string; role: GrantableRole; scope: string }>
  | Message<'RevokeRole', { userId: string; role: GrantableRole; scope: string }>
  | Message<'DisableUser', { userId: string }>
  | Message<'EnableUser', { userId: string }>
  | Message<'RecordPasswordChange', { userId: string; by: 'self' | 'administrator' }>
  | Message<
      'AssignUserDepartment',
      /** `known`: the departments the registry holds at the time of the command. */
      { userId: string; departmentId: string | null; known: ReadonlySet<string> }
    >;

export type UserEvent =
  | Message<'UserRegistered', { userId: string; username: string; displayName: string }>
  | Message<'RoleGranted', { userId: string; role: GrantableRole; scope: string }>
  | Message<'RoleRevoked', { userId: string; role: GrantableRole; scope: string }>
  | Message<'UserDisabled', { userId: string }>
  | Message<'UserEnabled', { userId: string }>
  | Message<'PasswordChanged', { userId: string; by: 'self' | 'administrator' }>
  | Message<'UserDepartmentAssigned', { userId: string; departmentId: string | null }>;

export interface UserState {
  exists: boolean;
  disabled: boolean;
  grants: Set<string>;
  /** The 部门 the user belongs to, if any. */
  departmentId: string | null;
}

export const userStream = (userId: string): string => `user-${userId}`;
/** One stream per username, written first with no-stream: two users cannot take one name. */
export const usernameStream = (username: string): string => `username-${username}`;

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function requireUsername(value: string): string {
  const username = value.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new DomainError(
      'invalid',
      'invalid-username',
      '用户名须为 3–32 位小写字母、数字或 . _ -，并以字母或数字开头。',
    );
  }
  return username;
}

export function requireScope(role: GrantableRole, scope: string): string {
  const kind = scope === '*' ? '*' : scope.split(':')[0];
  const id = scope === '*' ? '' : scope.slice(kind.length + 1);
  const allowed =
    (ALLOWED_SCOPES[role] as readonly string[]).includes(kind) && (kind === '*' || id.length > 0);
  if (!allowed) {
    throw new DomainError(
      'invalid',
      'invalid-scope',
      `角色「${ROLE_NAMES[role]}」的范围只能是：${ALLOWED_SCOPES[role]
        .map((k) => (k === '*' ? '全部（*）' : `${k}:<编号>`))
        .join('、')}`,
      { role, scope },
    );
  }
  return scope;
}

const auditorRoleExclusive = (details: Record<string, unknown>) =>
  new DomainError(
    'conflict',
    'auditor-role-exclusive',
    '「审计 / 评价专家」只读不写，不能与其他角色授予同一账号：请先撤销另一类角色，或另设账号。',
    details,
  );

const expertRoleExclusive = (details: Record<string, unknown>) =>
  new DomainError(
    'conflict',
    'expert-role-exclusive',
    '「评审专家（校外）」账号只用于专家评审，不能与其他角色授予同一账号：请另设账号。',
    details,
  );

/** Grants asked for at once (a new account): each scope valid, and the auditor role alone. */
export function requireGrantSet(grants: { role: GrantableRole; scope: string }[]): void {
  for (const grant of grants) requireScope(grant.role, grant.scope);
  const roles = new Set(grants.map((g) => g.role));
  if (roles.has('auditor') && roles.size > 1) throw auditorRoleExclusive({ roles: [...roles] });
  if (roles.has('expert') && roles.size > 1) throw expertRoleExclusive({ roles: [...roles] });
}

export const userNotFound = (userId: string) =>
  new DomainError('not-found', 'user-not-found', `用户不存在：${userId}`, { userId });

const grantKey = (role: string, scope: string) => `${role}@${scope}`;

function decide(command: UserCommand, state: UserState): UserEvent[] {
  if (command.type !== 'RegisterUser' && !state.exists) throw userNotFound(command.data.userId);
  switch (command.type) {
    case 'RegisterUser': {
      if (state.exists) {
        throw new DomainError('conflict', 'user-exists', '该用户已存在。', { userId: command.data.userId });
      }
      return [
        {
          type: 'UserRegistered',
          data: {
            userId: command.data.userId,
            username: requireUsername(command.data.username),
            displayName: requireText(command.data.displayName, '姓名', 50),
          },
        },
      ];
    }
    case 'GrantRole': {
      const { userId, role } = command.data;
      const scope = requireScope(role, command.data.scope);
      if (state.grants.has(grantKey(role, scope))) return [];
      // An auditor reads everything and writes nothing: no account is both auditor and actor.
      const auditor = [...state.grants].some((g) => g.startsWith('auditor@'));
      const other = [...state.grants].some((g) => !g.startsWith('auditor@'));
      if (role === 'auditor' ? other : auditor) {
        throw auditorRoleExclusive({ userId, role });
      }
      // An outside expert's account exists for its reviews only: its role kind stands alone.
      const held = new Set([...state.grants].map(roleOfGrant));
      const mixes = [...held].some(
        (r) => r !== role && (EXCLUSIVE_ROLES.includes(r) || EXCLUSIVE_ROLES.includes(role)),
      );
      if (mixes) throw expertRoleExclusive({ userId, role });
      return [{ type: 'RoleGranted', data: { userId, role, scope } }];
    }
    case 'RevokeRole': {
      const { userId, role, scope } = command.data;
      if (!state.grants.has(grantKey(role, scope))) {
        throw new DomainError(
          'not-found',
          'grant-not-found',
          `该用户没有「${ROLE_NAMES[role]}」（${scope}）角色。`,
        );
      }
      return [{ type: 'RoleRevoked', data: { userId, role, scope } }];
    }
    case 'DisableUser':
      return state.disabled ? [] : [{ type: 'UserDisabled', data: { userId: command.data.userId } }];
    case 'EnableUser':
      return state.disabled ? [{ type: 'UserEnabled', data: { userId: command.data.userId } }] : [];
    case 'RecordPasswordChange':
      return [{ type: 'PasswordChanged', data: command.data }];
    case 'AssignUserDepartment': {
      const { userId, departmentId, known } = command.data;
      if (departmentId !== null) requireDepartments(known, [departmentId]);
      return departmentId === state.departmentId
        ? []
        : [{ type: 'UserDepartmentAssigned', data: { userId, departmentId } }];
    }
    default:
      return assertNever(command);
  }
}

/** One event folded into a user state the caller owns: the grant set changes in place. */
function evolveInPlace(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      state.exists = true;
      return state;
    case 'RoleGranted':
      state.grants.add(grantKey(event.data.role, event.data.scope));
      return state;
    case 'RoleRevoked':
      state.grants.delete(grantKey(event.data.role, event.data.scope));
      return state;
    case 'UserDisabled':
      state.disabled = true;
      return state;
    case 'UserEnabled':
      state.disabled = false;
      return state;
    case 'PasswordChanged':
      return state;
    case 'UserDepartmentAssigned':
      state.departmentId = event.data.departmentId;
      return state;
    default:
      return assertNever(event);
  }
}

export const userDecider: InPlaceDecider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ exists: false, disabled: false, grants: new Set(), departmentId: null }),
  ...evolvers((state: UserState) => ({ ...state, grants: new Set(state.grants) }), evolveInPlace),
  decide,
  eventTypes: eventTypesOf<UserEvent>({
    UserRegistered: true,
    RoleGranted: true,
    RoleRevoked: true,
    UserDisabled: true,
    UserEnabled: true,
    PasswordChanged: true,
    UserDepartmentAssigned: true,
  }),
};

/** The username reservation: a one-event stream per name. */
export type UsernameEvent = Message<'UsernameReserved', { username: string; userId: string }>;
