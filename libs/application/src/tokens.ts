/** Injection tokens for the ports the application layer depends on. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL_DB = Symbol('ReadModelDatabase');
/** `{ toleranceDays }`: how far past today a fact's effective date may lie (EFFECTIVE_DATE_TOLERANCE_DAYS). */
export const FACT_DATE_POLICY = Symbol('FactDatePolicy');

export interface FactDatePolicy {
  toleranceDays: number;
}
