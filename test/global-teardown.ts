export default async function globalTeardown(): Promise<void> {
  await globalThis.__REDIS__?.stop();
  globalThis.__REDIS__ = undefined;
}
