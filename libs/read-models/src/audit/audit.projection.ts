import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { forgetKeys, keyOf } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import { BulkRows } from '../framework/bulk-rows';
import { loadsIntoNewFile } from '../framework/read-model-database';

const STREAM_ENTITIES: Record<string, string> = {
  plan: 'plan',
  task: 'task',
  user: 'user',
  username: 'username',
  indicator: 'indicator',
  achievement: 'achievement',
  evidence: 'evidence',
  submission: 'submission',
  delivery: 'delivery',
};
const DATA_ENTITIES: Record<string, string> = {
  planId: 'plan',
  levelId: 'level',
  projectId: 'project',
  taskId: 'task',
  userId: 'user',
  indicatorId: 'indicator',
  evidenceId: 'evidence',
  briefingId: 'briefing',
  departmentId: 'department',
  leadDepartmentId: 'department',
};

/** The entity whose stream an event is in (`task:…`, `submission:…`), if it is one of ours. */
export function ownEntityOf(event: ProjectedEvent): string | undefined {
  const dash = event.stream.indexOf('-');
  const kind = STREAM_ENTITIES[event.stream.slice(0, dash)];
  return dash > 0 && kind ? `${kind}:${event.stream.slice(dash + 1)}` : undefined;
}

/** Every entity an event is about: its own stream's, and each one its data names. */
export function entitiesOf(event: ProjectedEvent): string[] {
  const entities = new Set<string>();
  const dash = event.stream.indexOf('-');
  const kind = STREAM_ENTITIES[event.stream.slice(0, dash)];
  if (dash > 0 && kind) entities.add(`${kind}:${event.stream.slice(dash + 1)}`);
  if (event.data && typeof event.data === 'object') {
    for (const [key, value] of Object.entries(event.data as Record<string, unknown>)) {
      if (DATA_ENTITIES[key] && typeof value === 'string') entities.add(`${DATA_ENTITIES[key]}:${value}`);
    }
  }
  return [...entities];
}

/** A batch's rows, written at its end; and every stream's parents so far, read without a query. */
interface Staged {
  events: BulkRows;
  /** `au_entities` rows, staged (`ENTITIES_STAGING`) or held (`Memo.held`). */
  entities: { add2(entity: number, position: number): void };
  parents: BulkRows;
}

/** The state a load keeps per connection; `migrate` forgets it (see `keyOf`). */
interface Memo {
  /** `au_keys` ids by kind and raw id: no `kind:id` string is built for a key seen before. */
  ids: Map<string, Map<string, number>>;
  /** Each stream's own entity (null: a stream of no entity), found with one lookup per event. */
  owners: Map<string, Owner | null>;
  /** The ids of `type` and `actor` keys, and of each data field's kind (`DATA_ENTITIES`). */
  types: Map<string, number>;
  actors: Map<string, number>;
  byField: Map<string, { kind: string; ids: Map<string, number> }>;
  /**
   * The last event's type and actor, and their keys. A log comes in runs (99 % of the province
   * log's events have the type of the one before, 37 % its actor): an equal string is found
   * without hashing it, which a fresh string from the parsed batch would cost for a map.
   */
  last: { type?: string; typeId: number; actor?: string; actorId: number };
  /**
   * A new file's load (`loadsIntoNewFile`): the `au_entities` rows held here, each as
   * `entity × 2³² + position`, and written once, sorted, at the end of the load (`writeHeld`).
   */
  held?: HeldRows;
}

/** A stream's own entity: its key, and the kind and id its key was made of. */
interface Owner {
  id: number;
  kind: string;
  raw: string;
  /**
   * The plans the stream's later events are filed under, known from its first event when a batch
   * filed it (`applyBatch`); otherwise read from `au_parents`. Held here, the stream's one lookup
   * per event finds them too.
   */
  filedUnder?: number[];
}

const HELD_CHUNK = 65_536;
const SHIFT = 2 ** 32;
/**
 * The entity keys a held row can carry: `entity × 2³² + position` is exact below 2⁵³. A row of a
 * larger key (over two million entities) is staged instead, as on the other paths.
 */
export const HELD_ENTITY_LIMIT = 2 ** 21;

/** Rows as numbers in fixed typed chunks: 8 bytes a row, no array growing and copying as it fills. */
class HeldRows {
  private readonly full: Float64Array[] = [];
  private chunk = new Float64Array(HELD_CHUNK);
  private used = 0;

  add2(entity: number, position: number): void {
    if (this.used === HELD_CHUNK) {
      this.full.push(this.chunk);
      this.chunk = new Float64Array(HELD_CHUNK);
      this.used = 0;
    }
    this.chunk[this.used++] = entity * SHIFT + position;
  }

  /** Every row, in one array, and forgets them. */
  take(): Float64Array {
    const all = new Float64Array(this.full.length * HELD_CHUNK + this.used);
    this.full.forEach((chunk, i) => all.set(chunk, i * HELD_CHUNK));
    all.set(this.chunk.subarray(0, this.used), this.full.length * HELD_CHUNK);
    this.full.length = 0;
    this.used = 0;
    return all;
  }
}

const memos = new WeakMap<Database.Database, Memo>();

function memoOf(db: Database.Database): Memo {
  let memo = memos.get(db);
  if (!memo) {
    const ids = new Map<string, Map<string, number>>();
    const idsOf = (kind: string) => {
      let map = ids.get(kind);
      if (!map) ids.set(kind, (map = new Map<string, number>()));
      return map;
    };
    memo = {
      ids,
      owners: new Map<string, Owner | null>(),
      types: idsOf('type'),
      actors: idsOf('actor'),
      last: { typeId: 0, actorId: 0 },
      byField: new Map(
        Object.entries(DATA_ENTITIES).map(([field, kind]) => [field, { kind, ids: idsOf(kind) }]),
      ),
    };
    memos.set(db, memo);
  }
  return memo;
}

/** The key of `kind:raw`, as `keyOf` hands it out. */
function idOf(db: Database.Database, memo: Memo, kind: string, raw: string): number {
  let ids = memo.ids.get(kind);
  if (!ids) memo.ids.set(kind, (ids = new Map<string, number>()));
  return idIn(db, ids, kind, raw);
}

/** The key of `kind:raw` from the memo of its kind's ids. */
function idIn(db: Database.Database, ids: Map<string, number>, kind: string, raw: string): number {
  let id = ids.get(raw);
  if (id === undefined) ids.set(raw, (id = keyId(db, `${kind}:${raw}`)));
  return id;
}

/** An event's own entity (its stream's), null if its stream is not an entity's. */
function ownerOf(db: Database.Database, memo: Memo, stream: string): Owner | null {
  let owner = memo.owners.get(stream);
  if (owner === undefined) {
    const dash = stream.indexOf('-');
    const kind = dash > 0 ? STREAM_ENTITIES[stream.slice(0, dash)] : undefined;
    const raw = stream.slice(dash + 1);
    owner = kind ? { id: idOf(db, memo, kind, raw), kind, raw } : null;
    memo.owners.set(stream, owner);
  }
  return owner;
}

/**
 * The one kind of parent a stream's later events are filed under (ADR 0054). A plan's trail is
 * most of the log, so its rows are kept; a project's (or a task's) trail takes its children's own
 * events through `au_parents` when it is read (`AuditQueries`), without a row per event here.
 */
export const FILED_PARENT_KIND = 'plan';

/** One event's entity keys, and those of them its data names as plans; reused from event to event. */
const entities: number[] = [];
const plans: number[] = [];

/** Files one event: at once (`staged` undefined), or into a batch's rows. */
function fileEvent(db: Database.Database, event: ProjectedEvent, staged: Staged | undefined): void {
  const memo = memoOf(db);
  const last = memo.last;
  if (event.type !== last.type) {
    last.typeId = idIn(db, memo.types, 'type', event.type);
    last.type = event.type;
  }
  if (event.metadata.actor !== last.actor) {
    last.actorId = idIn(db, memo.actors, 'actor', event.metadata.actor);
    last.actor = event.metadata.actor;
  }
  const type = last.typeId;
  const actor = last.actorId;
  const time = timeKey(event.metadata.time);
  // The same entities, in the same order, as `entitiesOf` names them (keys are numbered in that order).
  entities.length = 0;
  plans.length = 0;
  const owner = ownerOf(db, memo, event.stream);
  const ownId = owner?.id;
  if (staged) staged.events.add5(event.position, type, actor, time, ownId ?? null);
  else
    statement(db, 'INSERT INTO au_events (position, type, actor, time, owner) VALUES (?, ?, ?, ?, ?)').run(
      event.position,
      type,
      actor,
      time,
      ownId ?? null,
    );
  if (ownId !== undefined) entities.push(ownId);
  const data = event.data as Record<string, unknown> | null;
  if (data && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      const field = memo.byField.get(key);
      if (field === undefined) continue;
      const value = data[key];
      if (typeof value !== 'string') continue;
      // Its own entity (a task's events name their task): already there, and no lookup to find it.
      if (value === owner?.raw && field.kind === owner.kind) continue;
      const id = idIn(db, field.ids, field.kind, value);
      addOnce(entities, id);
      if (field.kind === FILED_PARENT_KIND) addOnce(plans, id);
    }
  }
  if (owner) {
    if (event.revision === 0) {
      // Every parent is linked (a trail's children, and an entry's subjects, are read from the links);
      // the stream's later events are filed under its plans only.
      const parents = entities.filter((entity) => entity !== owner.id);
      const filedUnder = plans.filter((entity) => entity !== owner.id);
      if (staged) {
        owner.filedUnder = filedUnder;
        for (const parent of parents) staged.parents.add2(owner.id, parent);
      } else {
        const link = statement(db, 'INSERT OR IGNORE INTO au_parents (entity, parent) VALUES (?, ?)');
        for (const parent of parents) link.run(owner.id, parent);
      }
    } else {
      const parents =
        (staged ? owner.filedUnder : undefined) ??
        statement<[number, string], { parent: number }>(
          db,
          `SELECT x.parent FROM au_parents x JOIN au_keys k ON k.id = x.parent
            WHERE x.entity = ? AND k.key LIKE ? || ':%'`,
        )
          .all(owner.id, FILED_PARENT_KIND)
          .map((p) => p.parent);
      for (const parent of parents) addOnce(entities, parent);
    }
  }
  // An achievement is about every task it is linked to.
  const taskIds = (data as { taskIds?: unknown } | null)?.taskIds;
  if (Array.isArray(taskIds))
    for (const taskId of taskIds) addOnce(entities, idOf(db, memo, 'task', String(taskId)));
  if (staged) for (const entity of entities) staged.entities.add2(entity, event.position);
  else {
    const index = statement(db, 'INSERT OR IGNORE INTO au_entities (entity, position) VALUES (?, ?)');
    for (const entity of entities) index.run(entity, event.position);
  }
}

function addOnce(ids: number[], id: number): void {
  if (!ids.includes(id)) ids.push(id);
}

const keyId = (db: Database.Database, key: string): number => keyOf(db, 'au_keys', key);

/**
 * During a load from zero `au_entities` rows go to this unindexed table in log order (appends),
 * and `migrate` copies them into the tree in key order once the load is over: inserted batch by
 * batch, every batch rewrote pages all over a tree that outgrows the page cache. `migrate` also
 * runs at start, so a load interrupted by a crash is copied before the projection goes on live.
 */
const ENTITIES_STAGING = 'au_entities_load';

/** Held rows in key order, each once, appended to the tree (ADR 0048). */
function writeHeld(db: Database.Database, held: HeldRows): void {
  const keys = inEntityOrder(held.take());
  let rows = new BulkRows('INSERT INTO au_entities (entity, position)', 2);
  let pending = 0;
  let last = -1;
  for (const key of keys) {
    if (key === last) continue;
    last = key;
    const entity = Math.floor(key / SHIFT);
    rows.add2(entity, key - entity * SHIFT);
    if (++pending === 65_536) {
      rows.flush(db);
      rows = new BulkRows('INSERT INTO au_entities (entity, position)', 2);
      pending = 0;
    }
  }
  rows.flush(db);
}

/**
 * Held rows (`entity × 2³² + position`, added in log order) in key order: a counting sort by
 * entity, stable, so each entity's rows keep their log order, which is their positions' order.
 * Linear, where a comparison sort of 2.7 M rows took 0.3 s at the end of a load, with nothing
 * beside it (ADR 0051).
 */
export function inEntityOrder(keys: Float64Array): Float64Array {
  let entities = 0;
  for (const key of keys) entities = Math.max(entities, Math.floor(key / SHIFT) + 1);
  const starts = new Uint32Array(entities + 1);
  for (const key of keys) starts[Math.floor(key / SHIFT) + 1]++;
  for (let entity = 1; entity <= entities; entity++) starts[entity] += starts[entity - 1];
  const sorted = new Float64Array(keys.length);
  for (const key of keys) sorted[starts[Math.floor(key / SHIFT)]++] = key;
  return sorted;
}

function copyStagedEntities(db: Database.Database): void {
  const staged = db
    .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(ENTITIES_STAGING);
  if (!staged) return;
  db.exec(`INSERT OR IGNORE INTO au_entities (entity, position)
             SELECT entity, position FROM ${ENTITIES_STAGING} ORDER BY entity, position;
           DROP TABLE ${ENTITIES_STAGING};`);
}

/** An event's time as stored in the index: milliseconds since the epoch (ISO instants compare alike). */
export function timeKey(iso: string): number {
  const ms = utcMillis(iso) ?? Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * `Date.parse` of the one form the log's times take (`toISOString`: `2020-04-07T04:40:00.000Z`),
 * read digit by digit; undefined for any other form, which `Date.parse` reads. A fifth of the
 * audit's time per event went to `Date.parse`.
 */
function utcMillis(iso: string): number | undefined {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */) return undefined;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const ms = digits(iso, 20, 3);
  // Date.UTC reads years below 100 as 19xx; a day past its month's end is NaN to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0)
    return undefined;
  return separatorsAt(iso) ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : undefined;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The number the `count` digits at `at` make, -1 when one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function separatorsAt(iso: string): boolean {
  return (
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 &&
    iso.charCodeAt(13) === 58 &&
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(19) === 46
  );
}

/**
 * The audit trail as an index of the log: which positions concern which entity, actor, type and
 * time. The events themselves stay in the event store, read back by position (a copy here was
 * as large as the log). Filing is linear: an event goes under its own entity, the entities its
 * data names, and its stream's plan. The entities a stream belongs to (its parents: those its first
 * event named, a submission's task) are linked in `au_parents`, and their trails take the stream's
 * own events through the link when read (`au_events.owner`; ADR 0054). What later events of a
 * stream name (a plan's indicators, a submission's evidence) are its parts, not its owners: they
 * get those events, not every later one. Entities, actors and types are integer keys (`au_keys`):
 * the index is a few bytes per row.
 */
export const auditProjection: Projection = {
  name: 'audit',
  tablePrefix: 'au_',
  version: 5,
  // Times arrive in about log order and types are a handful: kept up during a load, their entries
  // go in at a few places in their trees (ADR 0051). Actors are a thousand places: built at the end.
  indexesKeptDuringLoad: ['au_events_by_time', 'au_events_by_type'],
  migrate(db) {
    const held = memos.get(db)?.held;
    forgetKeys(db, 'au_keys');
    memos.delete(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS au_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS au_events (
        position INTEGER PRIMARY KEY, type INTEGER NOT NULL, actor INTEGER NOT NULL, time INTEGER NOT NULL,
        -- The entity whose stream the event is in (null: none of ours): a child's own events.
        owner INTEGER);
      -- position is the rowid, which every index entry ends with: (actor) is ordered as
      -- (actor, position) was, without the position stored twice.
      CREATE INDEX IF NOT EXISTS au_events_by_actor ON au_events (actor);
      CREATE INDEX IF NOT EXISTS au_events_by_type ON au_events (type);
      CREATE INDEX IF NOT EXISTS au_events_by_time ON au_events (time);
      DROP INDEX IF EXISTS au_events_actor;
      DROP INDEX IF EXISTS au_events_type;
      DROP INDEX IF EXISTS au_events_time;
      CREATE TABLE IF NOT EXISTS au_entities (
        entity INTEGER NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (entity, position)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS au_parents (
        entity INTEGER NOT NULL, parent INTEGER NOT NULL, PRIMARY KEY (entity, parent)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS au_parents_by_parent ON au_parents (parent);
    `);
    copyStagedEntities(db);
    if (held) writeHeld(db, held);
  },
  apply(db, event) {
    fileEvent(db, event, undefined);
  },
  applyBatch(db, events) {
    const memo = memoOf(db);
    const held = loadsIntoNewFile(db) ? (memo.held ??= new HeldRows()) : undefined;
    const staged = new BulkRows(`INSERT INTO ${ENTITIES_STAGING} (entity, position)`, 2);
    let anyStaged = !held;
    const rows: Staged = {
      events: new BulkRows('INSERT INTO au_events (position, type, actor, time, owner)', 5),
      entities: held
        ? {
            add2(entity, position) {
              if (entity < HELD_ENTITY_LIMIT) return held.add2(entity, position);
              anyStaged = true;
              staged.add2(entity, position);
            },
          }
        : staged,
      parents: new BulkRows('INSERT OR IGNORE INTO au_parents (entity, parent)', 2),
    };
    for (const event of events) fileEvent(db, event, rows);
    rows.events.flush(db);
    rows.parents.flush(db);
    if (!anyStaged) return;
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${ENTITIES_STAGING} (entity INTEGER NOT NULL, position INTEGER NOT NULL)`,
    );
    staged.flush(db);
  },
};
