import { Inject, type Type } from '@nestjs/common';
import type { EventStore } from '@sg/event-store';
import { OnEventStore } from './pipeline/on-event-store';
import { EVENT_STORE, type TypedToken } from './tokens';

/** What a handler may read beside its streams: an injectable view class or a typed port token. */
type Dependency = Type<object> | TypedToken<unknown>;

type Provided<D> = D extends Type<infer T> ? T : D extends TypedToken<infer T> ? T : never;

/**
 * The base of a command handler that needs more than the event store: the event store as `store`,
 * and every named dependency injected as a read-only property of that name.
 */
export function OnEventStoreWith<D extends Record<string, Dependency>>(dependencies: D) {
  const names = Object.keys(dependencies);
  abstract class Handler<C> extends OnEventStore<C> {
    constructor(store: EventStore, ...provided: unknown[]) {
      super(store);
      names.forEach((name, i) => Object.defineProperty(this, name, { value: provided[i], enumerable: true }));
    }
  }
  Inject(EVENT_STORE)(Handler, undefined, 0);
  names.forEach((name, i) => Inject(dependencies[name])(Handler, undefined, i + 1));
  return Handler as abstract new <C>(
    store: EventStore,
    ...provided: unknown[]
  ) => OnEventStore<C> & { readonly [K in keyof D]: Provided<D[K]> };
}
