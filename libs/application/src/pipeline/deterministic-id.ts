// Process managers derive the same ids as command handlers, so the function lives with the store.
export { deterministicEventId } from '@sg/event-store';
