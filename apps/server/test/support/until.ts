/** Resolves once `ready()` holds; fails naming `what` after a generous bound (a wait, not a measurement). */
export async function until(ready: () => boolean, what: string, boundMs = 20_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
