/** Injection tokens for the ports the application layer depends on. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL_DB = Symbol('ReadModelDatabase');
/** An injection token that names the type of what it provides. */
export type TypedToken<T> = symbol & { readonly provides?: T };

/** `{ toleranceDays }`: how far past today a fact's effective date may lie (EFFECTIVE_DATE_TOLERANCE_DAYS). */
export const FACT_DATE_POLICY: TypedToken<FactDatePolicy> = Symbol('FactDatePolicy');

export interface FactDatePolicy {
  toleranceDays: number;
}
