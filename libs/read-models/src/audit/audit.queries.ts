import type { AuditEntry } from '@sg/contracts';
import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@sg/event-store';
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
  actor: string;
  actor_name: string | null;
}

const SYSTEM_ACTORS: Record<string, string> = { system: '系统', anonymous: '匿名' };

/**
 * The audit trail: the read model finds the positions, the event store gives the events (the read
 * model keeps no copy of them).
 */
export class AuditQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly store: EventStore,
  ) {}

  /** Entries in log order; `nextAfter` is the cursor for the next page, absent on the last. */
  async list(filter: AuditFilter): Promise<{ items: AuditEntry[]; nextAfter?: number }> {
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
      `SELECT e.position, e.actor, u.display_name AS actor_name FROM ${from}
       LEFT JOIN u_users u ON u.user_id = e.actor
       WHERE ${where.join(' AND ')} ORDER BY e.position ASC LIMIT ?`,
    ).all(...params, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const events = await this.eventsAt(page.map((row) => row.position));
    return {
      items: page.map((row, i) => this.entry(row, events[i])),
      ...(rows.length > filter.limit ? { nextAfter: page[page.length - 1].position } : {}),
    };
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

  private entry(row: Row, event: RecordedEvent): AuditEntry {
    return {
      position: row.position,
      time: event.metadata.time,
      actor: { userId: row.actor, name: row.actor_name ?? SYSTEM_ACTORS[row.actor] ?? row.actor },
      type: event.type,
      entity: event.stream,
      summary: summarise(event.type, event.data),
      reason: event.metadata.reason ?? null,
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
}
