import { person } from '../user/standing.fixtures';
import { deciderSpec } from '@sg/testing';
import { departmentsDecider, type DepartmentEvent } from './department';
import { taskDecider, type TaskEvent } from '../task/task';
import { userDecider, type UserEvent } from '../user/user';

const office = person('u-office', ['office@plan:p1']);
const teacher = person('u-t');
const defined = (departmentId: string, name: string): DepartmentEvent => ({
  type: 'DepartmentDefined',
  data: { departmentId, name },
});

describe('departments', () => {
  const spec = deciderSpec(departmentsDecider);

  it('are defined by an office, each name once whatever its blanks', () => {
    spec
      .given([])
      .when({ type: 'DefineDepartment', data: { departmentId: 'd1', name: ' 教务处 ', actor: office } })
      .then([defined('d1', '教务处')]);
    spec
      .given([defined('d1', '教务处')])
      .when({ type: 'DefineDepartment', data: { departmentId: 'd2', name: '教务 处', actor: office } })
      .thenThrows('department-name-taken');
    spec
      .given([])
      .when({ type: 'DefineDepartment', data: { departmentId: 'd1', name: '教务处', actor: teacher } })
      .thenThrows('not-office');
    spec
      .given([])
      .when({
        type: 'DefineDepartment',
        data: { departmentId: 'd1', name: '教务处', actor: { ...office, active: false } },
      })
      .thenThrows('not-office');
  });

  it('are renamed to a free name; the same name changes nothing', () => {
    const two = [defined('d1', '教务处'), defined('d2', '科研处')];
    spec
      .given(two)
      .when({ type: 'RenameDepartment', data: { departmentId: 'd1', name: '教务部', actor: office } })
      .then([{ type: 'DepartmentRenamed', data: { departmentId: 'd1', name: '教务部' } }]);
    spec
      .given(two)
      .when({ type: 'RenameDepartment', data: { departmentId: 'd1', name: '科研处', actor: office } })
      .thenThrows('department-name-taken');
    spec
      .given(two)
      .when({ type: 'RenameDepartment', data: { departmentId: 'd1', name: '教务处', actor: office } })
      .then([]);
    spec
      .given(two)
      .when({ type: 'RenameDepartment', data: { departmentId: 'd9', name: '后勤处', actor: office } })
      .thenThrows('department-not-found');
  });
});

describe('a user in a department', () => {
  const spec = deciderSpec(userDecider);
  const registered: UserEvent = {
    type: 'UserRegistered',
    data: { userId: 'u1', username: 'zhang', displayName: '张老师' },
  };
  const known = new Set(['d1']);

  it('joins a department that exists at the time of the command, and leaves it', () => {
    spec
      .given([registered])
      .when({ type: 'AssignUserDepartment', data: { userId: 'u1', departmentId: 'd1', known } })
      .then([{ type: 'UserDepartmentAssigned', data: { userId: 'u1', departmentId: 'd1' } }]);
    spec
      .given([registered])
      .when({ type: 'AssignUserDepartment', data: { userId: 'u1', departmentId: 'd2', known } })
      .thenThrows('department-not-found');
    const joined: UserEvent = { type: 'UserDepartmentAssigned', data: { userId: 'u1', departmentId: 'd1' } };
    spec
      .given([registered, joined])
      .when({ type: 'AssignUserDepartment', data: { userId: 'u1', departmentId: 'd1', known } })
      .then([]);
    spec
      .given([registered, joined])
      .when({ type: 'AssignUserDepartment', data: { userId: 'u1', departmentId: null, known } })
      .then([{ type: 'UserDepartmentAssigned', data: { userId: 'u1', departmentId: null } }]);
    spec
      .given([])
      .when({ type: 'AssignUserDepartment', data: { userId: 'u1', departmentId: 'd1', known } })
      .thenThrows('user-not-found');
  });
});

describe('a task’s 牵头单位 and 参与单位', () => {
  const spec = deciderSpec(taskDecider);
  const task: TaskEvent = {
    type: 'TaskDefined',
    data: {
      taskId: 't1',
      planId: 'p1',
      projectId: 'pr1',
      title: '课程建设',
      ownerId: 'u1',
      dueDate: '2023-12-31',
    },
  };
  const known = new Set(['d1', 'd2', 'd3']);
  const assign = (data: object) => ({
    type: 'AssignTaskUnits' as const,
    data: {
      taskId: 't1',
      planId: 'p1',
      leadDepartmentId: 'd1',
      participantDepartmentIds: ['d3', 'd2', 'd1', 'd2'],
      known,
      actor: office,
      ...data,
    },
  });
  const assigned: TaskEvent = {
    type: 'TaskUnitsAssigned',
    data: { taskId: 't1', leadDepartmentId: 'd1', participantDepartmentIds: ['d2', 'd3'] },
  };

  it('are given by the plan’s office, existing now, the lead not also a participant', () => {
    spec.given([task]).when(assign({})).then([assigned]);
    spec.given([task, assigned]).when(assign({})).then([]);
    spec
      .given([task])
      .when(assign({ leadDepartmentId: 'd9' }))
      .thenThrows('department-not-found');
    spec
      .given([task])
      .when(assign({ participantDepartmentIds: ['d4'] }))
      .thenThrows('department-not-found');
    spec.given([]).when(assign({})).thenThrows('task-not-found');
  });

  it('refuse an office of another plan, an auditor and someone without the role', () => {
    for (const actor of [
      { ...office, grants: ['office@plan:p2'] },
      { ...office, grants: ['auditor@*'] },
      teacher,
      { ...office, active: false },
    ]) {
      spec.given([task]).when(assign({ actor })).thenThrows('not-plan-office');
    }
    spec
      .given([task])
      .when(assign({ actor: { ...office, grants: ['office@*'] } }))
      .then([assigned]);
  });
});
