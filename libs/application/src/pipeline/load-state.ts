import {
  fold,
  foldOnto,
  planDecider,
  planNotFound,
  planStream,
  standingOf,
  submissionStream,
  taskDecider,
  taskStream,
  userDecider,
  userStream,
  type Decider,
  type Message,
  type PlanState,
  type Standing,
  type SubmissionEvent,
  type TaskEvent,
  type TaskState,
  type UserState,
} from '@sg/domain';
import type { EventStore, RecordedEvent } from '@sg/event-store';

/** Folds a stream into its decider's state, for a handler that only needs to look. */
export async function loadState<S, E extends Message>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<S, Message, E>, 'initialState' | 'evolve' | 'evolveInPlace'>,
): Promise<S> {
  const events = await store.readStream(stream);
  return fold(decider, events.map(toMessage<E>));
}

/**
 * A state folded up to a stream revision. Streams only grow, so the state at revision r plus the
 * events after r is the state now, whoever appended them (another request, another process).
 */
interface Folded<S> {
  revision: number;
  state: S;
}

/** Folded streams kept per store and kind; the least recently loaded goes first. */
interface FoldCache<S> {
  kept: number;
  byStore: WeakMap<EventStore, Map<string, Folded<S>>>;
}

const plans: FoldCache<PlanState> = { kept: 64, byStore: new WeakMap() };
const users: FoldCache<UserState> = { kept: 4096, byStore: new WeakMap() };
const tasks: FoldCache<TaskState> = { kept: 4096, byStore: new WeakMap() };

/**
 * A stream's state, kept per process with its revision: a load reads only the events after it.
 * The state returned may be shared with other callers: read it, never change it.
 */
async function loadFolded<S, E extends Message>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<S, Message, E>, 'initialState' | 'evolve' | 'evolveInPlace'>,
  kind: FoldCache<S>,
): Promise<S> {
  let cache = kind.byStore.get(store);
  if (!cache) kind.byStore.set(store, (cache = new Map<string, Folded<S>>()));
  const cached = cache.get(stream);
  const fresh = await store.readStream(stream, { fromRevision: cached ? cached.revision + 1 : 0 });
  // Another load may have moved the entry on while this one read; keep whichever is newer.
  const latest = cache.get(stream);
  if (fresh.length === 0) {
    if (!cached) return decider.initialState();
    touch(kind, cache, stream, latest && latest.revision > cached.revision ? latest : cached);
    return cached.state;
  }
  const messages = fresh.map(toMessage<E>);
  const state = cached ? foldOnto(decider, cached.state, messages) : fold(decider, messages);
  const revision = fresh[fresh.length - 1].revision;
  if (!latest || latest.revision < revision) touch(kind, cache, stream, { revision, state });
  return state;
}

function touch<S>(kind: FoldCache<S>, cache: Map<string, Folded<S>>, stream: string, entry: Folded<S>): void {
  cache.delete(stream);
  cache.set(stream, entry);
  if (cache.size > kind.kept) cache.delete(cache.keys().next().value!);
}

/**
 * A plan as its decider sees it: levels, projects, indicators, chains. Each process keeps the
 * plans it folded with their revision and reads only the events after it, so a submission on a
 * 10,000-event plan does not fold 10,000 events. The state returned may be shared with other
 * callers: read it, never change it.
 */
export const loadPlan = (store: EventStore, planId: string): Promise<PlanState> =>
  loadFolded(store, planStream(planId), planDecider, plans);

/** A plan that exists, or the refusal every command on a missing plan answers. */
export async function loadExistingPlan(store: EventStore, planId: string): Promise<PlanState> {
  const plan = await loadPlan(store, planId);
  if (!plan.exists) throw planNotFound(planId);
  return plan;
}

/** A task as its own stream says now, kept like a plan (shared: read it, never change it). */
export const loadTask = (store: EventStore, taskId: string): Promise<TaskState> =>
  loadFolded(store, taskStream(taskId), taskDecider, tasks);

function toMessage<E extends Message>(event: RecordedEvent): E {
  return { type: event.type, data: event.data } as E;
}

/**
 * A user's account and grants as their own stream says at this moment: what an authorization
 * decision is made from, never a view that may not yet show a revocation.
 */
export async function loadStanding(store: EventStore, userId: string): Promise<Standing> {
  return standingOf(userId, await loadFolded(store, userStream(userId), userDecider, users));
}

/**
 * The event a stream was opened with, when it is of `type`: a task's definition, a submission's
 * first version. Those never change, so reading one event is enough to know where the entity sits.
 */
async function openingEvent<E extends Message, T extends E['type']>(
  store: EventStore,
  stream: string,
  type: T,
): Promise<Extract<E, { type: T }>['data'] | undefined> {
  let cache = openings.get(store);
  if (!cache) openings.set(store, (cache = new Map<string, RecordedEvent>()));
  // A stream's first event never changes once written: a process keeps the ones it has read.
  let first = cache.get(stream);
  if (!first) {
    [first] = await store.readStream(stream, { maxCount: 1 });
    if (first) {
      cache.set(stream, first);
      if (cache.size > OPENINGS_KEPT) cache.delete(cache.keys().next().value!);
    }
  }
  return first?.type === type ? first.data : undefined;
}

/** Opening events kept per store (a task's definition, a submission's first version); oldest read goes first. */
const OPENINGS_KEPT = 8192;
const openings = new WeakMap<EventStore, Map<string, RecordedEvent>>();

/** A task as defined (plan, project, parent): undefined when there is no such task. */
export const taskDefinition = (store: EventStore, taskId: string) =>
  openingEvent<TaskEvent, 'TaskDefined'>(store, taskStream(taskId), 'TaskDefined');

/** A submission's first version (its task and plan): undefined when there is no such submission. */
export const firstSubmission = (store: EventStore, submissionId: string) =>
  openingEvent<SubmissionEvent, 'Submitted'>(store, submissionStream(submissionId), 'Submitted');
