import { assertNever, eventTypesOf, evolvers, type InPlaceDecider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { mayWrite, type Standing } from '../user/standing';

/**
 * The school's 建设单位 / 部门 (学院、处室), one registry for the whole school: every plan of the
 * school names the same units. One stream holds them all, so a name is unique by construction
 * (the append at the read revision fails when another definition got in first).
 */
export const DEPARTMENTS_STREAM = 'departments';

export type DepartmentCommand =
  | Message<'DefineDepartment', { departmentId: string; name: string; actor: Standing }>
  | Message<'RenameDepartment', { departmentId: string; name: string; actor: Standing }>;

export type DepartmentEvent =
  | Message<'DepartmentDefined', { departmentId: string; name: string }>
  | Message<'DepartmentRenamed', { departmentId: string; name: string }>;

export interface DepartmentsState {
  /** departmentId → name */
  names: Map<string, string>;
}

export const departmentNotFound = (departmentId: string) =>
  new DomainError('not-found', 'department-not-found', `部门不存在：${departmentId}`, { departmentId });

/** Defining units is the office's work (any plan's office, or the administrator). */
function requireOffice(actor: Standing): void {
  if (!mayWrite(actor) || !actor.grants.some((g) => g.startsWith('office@'))) {
    throw new DomainError('forbidden', 'not-office', '只有项目办可以维护部门（建设单位）。', {
      userId: actor.userId,
    });
  }
}

/** Names compare without surrounding or inner blanks: 「教务处」 and 「教务 处」 are one unit. */
const nameKey = (name: string) => name.replace(/\s+/g, '');

function requireFreeName(state: DepartmentsState, name: string, except?: string): string {
  const text = requireText(name, '部门名称', 50);
  for (const [id, existing] of state.names) {
    if (id !== except && nameKey(existing) === nameKey(text)) {
      throw new DomainError('conflict', 'department-name-taken', `已有同名部门「${existing}」。`, {
        departmentId: id,
      });
    }
  }
  return text;
}

function decide(command: DepartmentCommand, state: DepartmentsState): DepartmentEvent[] {
  requireOffice(command.data.actor);
  const { departmentId } = command.data;
  switch (command.type) {
    case 'DefineDepartment': {
      if (state.names.has(departmentId)) {
        throw new DomainError('conflict', 'department-exists', '该部门已存在。', { departmentId });
      }
      return [
        {
          type: 'DepartmentDefined',
          data: { departmentId, name: requireFreeName(state, command.data.name) },
        },
      ];
    }
    case 'RenameDepartment': {
      const current = state.names.get(departmentId);
      if (current === undefined) throw departmentNotFound(departmentId);
      const name = requireFreeName(state, command.data.name, departmentId);
      return name === current ? [] : [{ type: 'DepartmentRenamed', data: { departmentId, name } }];
    }
    default:
      return assertNever(command);
  }
}

function evolveInPlace(state: DepartmentsState, event: DepartmentEvent): DepartmentsState {
  switch (event.type) {
    case 'DepartmentDefined':
    case 'DepartmentRenamed':
      state.names.set(event.data.departmentId, event.data.name);
      return state;
    default:
      return assertNever(event);
  }
}

export const departmentsDecider: InPlaceDecider<DepartmentsState, DepartmentCommand, DepartmentEvent> = {
  initialState: () => ({ names: new Map() }),
  ...evolvers((state: DepartmentsState) => ({ names: new Map(state.names) }), evolveInPlace),
  decide,
  eventTypes: eventTypesOf<DepartmentEvent>({ DepartmentDefined: true, DepartmentRenamed: true }),
};

/** The ids a command may name as departments: those the registry holds at the time of the command. */
export function requireDepartments(known: ReadonlySet<string>, ids: readonly string[]): void {
  for (const id of ids) if (!known.has(id)) throw departmentNotFound(id);
}
