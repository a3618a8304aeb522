import type { DepartmentEvent, TaskEvent, UserEvent } from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

type Handled =
  | DepartmentEvent
  | Extract<UserEvent, { type: 'UserDepartmentAssigned' }>
  | Extract<TaskEvent, { type: 'TaskUnitsAssigned' }>;

/**
 * The school's departments, whom each belongs to, and each task's 牵头单位 / 参与单位: what the
 * people directory, the department filters and every name shown beside an id read.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  tablePrefix: 'dir_',
  version: 1,
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS dir_departments (
        department_id TEXT PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS dir_user_departments (
        user_id TEXT PRIMARY KEY, department_id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS dir_user_departments_by_department ON dir_user_departments (department_id);
      CREATE TABLE IF NOT EXISTS dir_task_units (
        task_id TEXT NOT NULL, department_id TEXT NOT NULL, lead INTEGER NOT NULL,
        PRIMARY KEY (task_id, department_id));
      CREATE INDEX IF NOT EXISTS dir_task_units_by_department ON dir_task_units (department_id, task_id);
    `);
  },
  apply(db, recorded) {
    const event = recorded as ProjectedEvent & Handled;
    switch (event.type) {
      case 'DepartmentDefined':
        statement(db, 'INSERT INTO dir_departments (department_id, name, seq) VALUES (?, ?, ?)').run(
          event.data.departmentId,
          event.data.name,
          recorded.position,
        );
        return;
      case 'DepartmentRenamed':
        statement(db, 'UPDATE dir_departments SET name = ? WHERE department_id = ?').run(
          event.data.name,
          event.data.departmentId,
        );
        return;
      case 'UserDepartmentAssigned':
        if (event.data.departmentId === null) {
          statement(db, 'DELETE FROM dir_user_departments WHERE user_id = ?').run(event.data.userId);
        } else {
          statement(
            db,
            'INSERT OR REPLACE INTO dir_user_departments (user_id, department_id) VALUES (?, ?)',
          ).run(event.data.userId, event.data.departmentId);
        }
        return;
      case 'TaskUnitsAssigned': {
        const { taskId, leadDepartmentId, participantDepartmentIds } = event.data;
        statement(db, 'DELETE FROM dir_task_units WHERE task_id = ?').run(taskId);
        const insert = statement(
          db,
          'INSERT INTO dir_task_units (task_id, department_id, lead) VALUES (?, ?, ?)',
        );
        insert.run(taskId, leadDepartmentId, 1);
        for (const id of participantDepartmentIds) insert.run(taskId, id, 0);
        return;
      }
      default:
        return;
    }
  },
};
