/* The people directory and the school's departments (ADR 0026). */

export interface DepartmentRef {
  departmentId: string;
  name: string;
}

/** A department with how many people belong to it. */
export interface DepartmentView extends DepartmentRef {
  people: number;
}

/** A role a person holds in one plan, in words: 项目负责人（项目 1-1 …）. */
export interface PlanRole {
  role: string;
  scope: string;
  label: string;
}

/** One person as the directory of a plan shows them. */
export interface PersonView {
  userId: string;
  displayName: string;
  department: DepartmentRef | null;
  /** The roles that make them a member of this plan (empty for a candidate not yet in it). */
  roles: PlanRole[];
  /** False for a candidate: an account not yet in any plan, listed to the plan's office only. */
  member: boolean;
  /** Only to a caller who may manage users. */
  username?: string;
}

export interface PeoplePage {
  items: PersonView[];
  total: number;
  page: number;
  pageSize: number;
}

/** A task's 牵头单位 and 参与单位, by name. */
export interface TaskUnitsView {
  lead: DepartmentRef | null;
  participants: DepartmentRef[];
}
