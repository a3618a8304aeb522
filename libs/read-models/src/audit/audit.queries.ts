import type { AuditEntry, AuditObject, AuditPage } from '@sg/contracts';
import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@sg/event-store';
import { statement } from '../framework/statement-cache';
import { entitiesOf, FILED_PARENT_KIND, ownEntityOf, timeKey } from './audit.projection';
import { changesOf, NEEDS_EARLIER } from './changes';
import { ENTITY_KINDS, EntityNames } from './names';
import { summarise } from './summaries';

export interface AuditFilter {
  /** `task:<id>`, `plan:<id>`, `project:<id>`, `user:<id>` … */
  entity?: string;
  actor?: string;
  type?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  /** `desc` (newest first) pages with `before`; `asc` (log order, the default) with `after`. */
  order?: 'asc' | 'desc';
  /** Cursor for `asc`: entries after this log position. */
  after?: number;
  /** Cursor for `desc`: entries before this log position. */
  before?: number;
  /** Include system bookkeeping (username reservations, deliveries …). */
  internal?: boolean;
  limit: number;
}

export type { AuditEntry } from '@sg/contracts';

/**
 * Bookkeeping the system writes for itself, not a change anyone made to the plan: hidden unless
 * asked for (`internal`), or filtered for by type.
 */
export const INTERNAL_EVENT_TYPES: readonly string[] = [
  'UsernameReserved',
  'NotificationDelivered',
  'NotificationDeliveryFailed',
  'NotificationsRead',
  'DigestCompiled',
  'WorkflowNoticeSent',
];

interface Row {
  position: number;
  actor: string;
  actor_name: string | null;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const SYSTEM_ACTORS: Record<string, string> = { system: '系统', anonymous: '匿名' };

const OBJECT_SEARCHES: { kind: 'plan' | 'project' | 'task' | 'user'; sql: string }[] = [
  {
    kind: 'plan',
    sql: `SELECT plan_id AS id, name, school AS detail FROM cp_plans
          WHERE name LIKE @pattern ESCAPE '\\' ORDER BY name LIMIT @limit`,
  },
  {
    kind: 'project',
    sql: `SELECT p.project_id AS id, p.code || ' ' || p.name AS name, pl.name AS detail
          FROM cp_projects p LEFT JOIN cp_plans pl ON pl.plan_id = p.plan_id
          WHERE p.name LIKE @pattern ESCAPE '\\' OR p.code LIKE @pattern ESCAPE '\\' ORDER BY p.seq LIMIT @limit`,
  },
  {
    kind: 'task',
    sql: `SELECT t.task_id AS id, t.title AS name, p.code || ' ' || p.name AS detail
          FROM cp_tasks t LEFT JOIN cp_projects p ON p.project_id = t.project_id
          WHERE t.title LIKE @pattern ESCAPE '\\' ORDER BY t.title LIMIT @limit`,
  },
  {
    kind: 'user',
    sql: `SELECT user_id AS id, display_name AS name, username AS detail FROM u_users
          WHERE display_name LIKE @pattern ESCAPE '\\' OR username LIKE @pattern ESCAPE '\\' ORDER BY display_name LIMIT @limit`,
  },
];

/**
 * The audit trail: the read model finds the positions, the event store gives the events (the read
 * model keeps no copy of them); names come from the other read models.
 */
export class AuditQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly store: EventStore,
  ) {}

  private where(filter: Omit<AuditFilter, 'limit' | 'order'>): {
    from: string;
    where: string[];
    params: (string | number)[];
  } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    let from = 'au_events e';
    if (filter.entity?.startsWith(`${FILED_PARENT_KIND}:`)) {
      // Its children's own events are filed under it too (`FILED_PARENT_KIND`): its rows are its
      // whole trail, read in order without a sort.
      from = 'au_entities x JOIN au_events e ON e.position = x.position';
      where.push('x.entity = (SELECT id FROM au_keys WHERE key = ?)');
      params.push(filter.entity);
    } else if (filter.entity) {
      // What is filed under the entity, and its children's own events not filed under it as well
      // (ADR 0054): each position once, so a capped count stops at its cap. The cursor bounds
      // both halves, so a later page reads only what lies beyond it.
      const entity = '(SELECT id FROM au_keys WHERE key = ?)';
      const bounds = (column: string) =>
        (filter.after !== undefined ? ` AND ${column} > ?` : '') +
        (filter.before !== undefined ? ` AND ${column} < ?` : '');
      const boundValues = [
        ...(filter.after !== undefined ? [filter.after] : []),
        ...(filter.before !== undefined ? [filter.before] : []),
      ];
      from = `(SELECT position FROM au_entities WHERE entity = ${entity}${bounds('position')}
               UNION ALL
               SELECT c.position FROM au_parents p
                 JOIN au_entities c ON c.entity = p.entity${bounds('c.position')}
                 JOIN au_events o ON o.position = c.position AND o.owner = p.entity
                WHERE p.parent = ${entity}
                  AND NOT EXISTS (SELECT 1 FROM au_entities f WHERE f.entity = ${entity} AND f.position = c.position)) x
              JOIN au_events e ON e.position = x.position`;
      // The text's parameters come before the conditions'.
      params.push(filter.entity, ...boundValues, ...boundValues, filter.entity, filter.entity);
    }
    if (filter.actor) {
      where.push('e.actor = (SELECT id FROM au_keys WHERE key = ?)');
      params.push(`actor:${filter.actor}`);
    }
    if (filter.type) {
      where.push('e.type = (SELECT id FROM au_keys WHERE key = ?)');
      params.push(`type:${filter.type}`);
    } else if (!filter.internal) {
      where.push(
        `e.type NOT IN (SELECT id FROM au_keys WHERE key IN (${INTERNAL_EVENT_TYPES.map(() => '?').join(', ')}))`,
      );
      params.push(...INTERNAL_EVENT_TYPES.map((type) => `type:${type}`));
    }
    if (filter.from) {
      where.push('e.time >= ?');
      params.push(timeKey(filter.from));
    }
    if (filter.to) {
      where.push('e.time <= ?');
      params.push(timeKey(filter.to));
    }
    if (filter.after !== undefined) {
      where.push('e.position > ?');
      params.push(filter.after);
    }
    if (filter.before !== undefined) {
      where.push('e.position < ?');
      params.push(filter.before);
    }
    return { from, where: where.length ? where : ['1 = 1'], params };
  }

  /** How many entries the filter matches, counting no further than `cap`. */
  count(filter: Omit<AuditFilter, 'limit' | 'order'>, cap: number): number {
    const { from, where, params } = this.where(filter);
    return statement<(string | number)[], { n: number }>(
      this.db,
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(' AND ')} LIMIT ?)`,
    ).get(...params, cap)!.n;
  }

  /**
   * One page in log order (`asc`) or newest first (`desc`). The cursor is a log position, so a
   * page stays the same whatever is appended meanwhile (new entries come before the first page
   * of `desc`, never in the middle of the paging).
   */
  async list(filter: AuditFilter): Promise<AuditPage> {
    const { from, where, params } = this.where(filter);
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    const rows = statement<(string | number)[], Row>(
      this.db,
      `SELECT e.position, substr(a.key, 7) AS actor, u.display_name AS actor_name FROM ${from}
       JOIN au_keys a ON a.id = e.actor
       LEFT JOIN u_users u ON u.user_id = substr(a.key, 7)
       WHERE ${where.join(' AND ')} ORDER BY e.position ${direction} LIMIT ?`,
    ).all(...params, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const ascending = [...page].sort((a, b) => a.position - b.position);
    const events = new Map(
      (await this.eventsAt(ascending.map((row) => row.position))).map((e) => [e.position, e]),
    );
    const names = new EntityNames(this.db);
    const streams = new Map<string, Promise<RecordedEvent[]>>();
    const items = await Promise.all(
      page.map((row) => this.entry(row, events.get(row.position)!, names, streams)),
    );
    const more = rows.length > filter.limit;
    const last = page[page.length - 1]?.position;
    return {
      items,
      ...(more && filter.order === 'desc' ? { nextBefore: last } : {}),
      ...(more && filter.order !== 'desc' ? { nextAfter: last } : {}),
    };
  }

  /** The time zone a plan's times are read in (its notification settings'), Asia/Shanghai by default. */
  timeZoneOf(entry: AuditEntry): string {
    const plan = entry.subjects.find((s) => s.kind === 'plan');
    if (!plan) return DEFAULT_TIME_ZONE;
    try {
      const row = statement<[string], { settings: string }>(
        this.db,
        'SELECT settings FROM nt_settings WHERE plan_id = ?',
      ).get(plan.entity.slice('plan:'.length));
      return row
        ? ((JSON.parse(row.settings) as { timezone?: string }).timezone ?? DEFAULT_TIME_ZONE)
        : DEFAULT_TIME_ZONE;
    } catch {
      return DEFAULT_TIME_ZONE;
    }
  }

  /** Plans, projects, tasks and users whose name (or code / username) contains `text`. */
  objects(text: string, limit: number): AuditObject[] {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const found: AuditObject[] = [];
    for (const search of OBJECT_SEARCHES) {
      const rows = statement<
        [{ pattern: string; limit: number }],
        { id: string; name: string; detail: string | null }
      >(this.db, search.sql).all({ pattern, limit });
      for (const row of rows)
        found.push({
          entity: `${search.kind}:${row.id}`,
          kind: search.kind,
          kindName: ENTITY_KINDS[search.kind],
          name: row.name,
          ...(row.detail ? { detail: row.detail } : {}),
        });
    }
    return found.slice(0, limit);
  }

  /** The events at these log positions (each one exists: the read model indexed it). */
  private async eventsAt(positions: number[]): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    // Consecutive positions come back in one read; a gap starts the next one.
    for (let i = 0; i < positions.length;) {
      let run = 1;
      while (i + run < positions.length && positions[i + run] === positions[i] + run) run++;
      const read = await this.store.readAll({ fromPosition: positions[i] - 1, maxCount: run });
      if (read.length === 0 || read[0].position !== positions[i]) {
        // A store whose positions are not consecutive (KurrentDB): one read per entry.
        const [event] = await this.store.readAll({ fromPosition: positions[i] - 1, maxCount: 1 });
        if (event?.position !== positions[i])
          throw new Error(`Audit index names a missing event: ${positions[i]}`);
        events.push(event);
        i++;
        continue;
      }
      const wanted = new Set(positions.slice(i, i + run));
      const found = read.filter((event) => wanted.has(event.position));
      events.push(...found);
      i += found.length;
    }
    return events;
  }

  private async entry(
    row: Row,
    event: RecordedEvent,
    names: EntityNames,
    streams: Map<string, Promise<RecordedEvent[]>>,
  ): Promise<AuditEntry> {
    let earlier: RecordedEvent[] = [];
    if (NEEDS_EARLIER.has(event.type)) {
      if (!streams.has(event.stream)) streams.set(event.stream, this.store.readStream(event.stream));
      earlier = (await streams.get(event.stream)!).filter((e) => e.revision < event.revision);
    }
    return {
      position: row.position,
      time: event.metadata.time,
      actor: { userId: row.actor, name: row.actor_name ?? SYSTEM_ACTORS[row.actor] ?? row.actor },
      type: event.type,
      entity: event.stream,
      summary: summarise(event.type, event.data, names.nameOf),
      reason: event.metadata.reason ?? null,
      subjects: names.subjects(this.entitiesOf(event)),
      changes: changesOf(event, earlier, names.nameOf),
      internal: INTERNAL_EVENT_TYPES.includes(event.type),
      event: {
        id: event.id,
        stream: event.stream,
        revision: event.revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      },
    };
  }

  /** What the projection filed the event under: its own entities and its stream's owners. */
  private entitiesOf(event: RecordedEvent): string[] {
    const entities = entitiesOf(event);
    const own = ownEntityOf(event);
    if (own)
      entities.push(
        ...statement<[string], { parent: string }>(
          this.db,
          `SELECT p.key AS parent FROM au_parents x
           JOIN au_keys o ON o.id = x.entity JOIN au_keys p ON p.id = x.parent WHERE o.key = ?`,
        )
          .all(own)
          .map((p) => p.parent),
      );
    const taskIds = (event.data as { taskIds?: unknown } | null)?.taskIds;
    if (Array.isArray(taskIds)) for (const taskId of taskIds) entities.push(`task:${String(taskId)}`);
    // A transfer names users by id outside the filed keys.
    const data = event.data as { from?: unknown; to?: unknown; ownerId?: unknown } | null;
    if (event.type === 'ReviewTransferred')
      for (const id of [data?.from, data?.to]) if (typeof id === 'string') entities.push(`user:${id}`);
    if (typeof data?.ownerId === 'string') entities.push(`user:${data.ownerId}`);
    return entities;
  }
}
