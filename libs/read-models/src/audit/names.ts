import type { AuditSubject } from '@sg/contracts';
import { statement } from '../framework/statement-cache';
import { ReadQueries } from '../framework/read-queries';

/** The zh-CN name of each kind of entity the trail can name, in the order subjects are listed. */
export const ENTITY_KINDS: Record<string, string> = {
  plan: '方案',
  level: '层面',
  project: '项目',
  task: '任务',
  indicator: '指标',
  evidence: '佐证材料',
  achievement: '标志性成果',
  user: '用户',
  department: '部门',
};
const KIND_ORDER = Object.keys(ENTITY_KINDS);

/** Looks up one kind's name by id; undefined when the read model does not (yet) know it. */
const LOOKUPS: Record<string, string> = {
  plan: 'SELECT name FROM cp_plans WHERE plan_id = ?',
  level: 'SELECT name FROM cp_levels WHERE level_id = ? LIMIT 1',
  project: "SELECT code || ' ' || name AS name FROM cp_projects WHERE project_id = ?",
  task: 'SELECT title AS name FROM cp_tasks WHERE task_id = ?',
  indicator: "SELECT code || ' ' || name AS name FROM sc_indicators WHERE indicator_id = ?",
  evidence: 'SELECT name FROM ev_files WHERE evidence_id = ?',
  achievement: 'SELECT title AS name FROM ac_achievements WHERE achievement_id = ?',
  user: 'SELECT display_name AS name FROM u_users WHERE user_id = ?',
  department: 'SELECT name FROM dir_departments WHERE department_id = ?',
};

export type NameOf = (entity: string) => string | undefined;

/**
 * Names of entities from the read models, remembered for the life of one request (a page names
 * the same task and users over and over).
 */
export class EntityNames extends ReadQueries {
  private readonly cache = new Map<string, string | undefined>();

  readonly nameOf: NameOf = (entity) => {
    if (this.cache.has(entity)) return this.cache.get(entity);
    const colon = entity.indexOf(':');
    const sql = LOOKUPS[entity.slice(0, colon)];
    let name: string | undefined;
    if (colon > 0 && sql) {
      try {
        name = statement<[string], { name: string }>(this.db, sql).get(entity.slice(colon + 1))?.name;
      } catch {
        // A read model not migrated in this database (a trimmed deployment): the id stays unnamed.
        name = undefined;
      }
    }
    this.cache.set(entity, name);
    return name;
  };

  /** The named ones of these entities, plan first, then project, task … users last. */
  subjects(entities: Iterable<string>): AuditSubject[] {
    const subjects: AuditSubject[] = [];
    for (const entity of new Set(entities)) {
      const kind = entity.slice(0, entity.indexOf(':'));
      const name = ENTITY_KINDS[kind] ? this.nameOf(entity) : undefined;
      if (name !== undefined) subjects.push({ entity, kind, kindName: ENTITY_KINDS[kind], name });
    }
    return subjects.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  }
}
