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
