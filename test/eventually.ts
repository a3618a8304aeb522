/**
 * Runs `probe` until it completes without throwing (its `expect`s hold) and returns what it
 * returns; after `ms`, throws its last failure. For what follows a write within a bounded lag
 * rather than with its answer: notices to other people (ADR 0038).
 */
export async function eventually<T>(probe: () => Promise<T>, ms = 2_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until nothing more follows from what was written so far: every projection has applied
 * the log's head and no process manager has an append pending (a notice lingers up to its
 * `lingerMs` after its cause's answer, ADR 0038). Returns the head. For "a refused request
 * writes nothing": a notice still due from an earlier accepted request is not this one's write.
 */
export async function logAtRest(
  store: { headPosition(): Promise<number> },
  runner: { status(): { position: number; outbox?: { pending: number } }[] },
  ms = 5_000,
): Promise<number> {
  return eventually(async () => {
    const head = await store.headPosition();
    const busy = runner.status().filter((p) => p.position < head || (p.outbox?.pending ?? 0) > 0);
    if (busy.length > 0)
      throw new Error(`not at rest at ${head}: ${busy.map((p) => JSON.stringify(p)).join(', ')}`);
    return head;
  }, ms);
}
