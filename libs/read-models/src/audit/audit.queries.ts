import type { AuditEntry } from '@sg/contracts';
import type Database from 'better-sqlite3';
import { statement } from '../framework/statement-cache';
import { summarise } from './summaries';

export interface AuditFilter {
  /** `task:<id>`, `plan:<id>`, `project:<id>`, `user:<id>` … */
  entity?: string;
  actor?: string;
  type?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  /** Cursor: entries after this log position. */
  after?: number;
  limit: number;
}

export type { AuditEntry } from '@sg/contracts';

interface Row {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  actor: string;
  time: string;
  reason: string | null;
  data: string;
  metadata: string;
  actor_name: string | null;
}

const SYSTEM_ACTORS: Record<string, string> = { system: '系统', anonymous: '匿名' };

export class AuditQueries {
  constructor(private readonly db: Database.Database) {}

  /** Entries in log order; `nextAfter` is the cursor for the next page, absent on the last. */
  list(filter: AuditFilter): { items: AuditEntry[]; nextAfter?: number } {
    const where: string[] = ['e.position > ?'];
    const params: (string | number)[] = [filter.after ?? 0];
    let from = 'au_events e';
    if (filter.entity) {
      from = 'au_entities x JOIN au_events e ON e.position = x.position';
      where.push('x.entity = ?');
      params.push(filter.entity);
    }
    if (filter.actor) {
      where.push('e.actor = ?');
      params.push(filter.actor);
    }
    if (filter.type) {
      where.push('e.type = ?');
      params.push(filter.type);
    }
    if (filter.from) {
      where.push('e.time >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('e.time <= ?');
      params.push(filter.to);
    }
    const rows = statement<(string | number)[], Row>(
      this.db,
      `SELECT e.*, u.display_name AS actor_name FROM ${from}
       LEFT JOIN u_users u ON u.user_id = e.actor
       WHERE ${where.join(' AND ')} ORDER BY e.position ASC LIMIT ?`,
    ).all(...params, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map((row) => this.entry(row)),
      ...(rows.length > filter.limit ? { nextAfter: page[page.length - 1].position } : {}),
    };
  }

  private entry(row: Row): AuditEntry {
    const data = JSON.parse(row.data) as unknown;
    return {
      position: row.position,
      time: row.time,
      actor: { userId: row.actor, name: row.actor_name ?? SYSTEM_ACTORS[row.actor] ?? row.actor },
      type: row.type,
      entity: row.stream,
      summary: summarise(row.type, data),
      reason: row.reason,
      event: {
        id: row.event_id,
        stream: row.stream,
        revision: row.revision,
        type: row.type,
        data,
        metadata: JSON.parse(row.metadata) as unknown,
      },
    };
  }
}
