// For unit tests of asynchronous components (controllers on a FakeClient, the DNS server): retries
// an assertion block until it passes, since what it checks is reached some event-loop turns later.

/** Runs `fn` every 10 ms until it stops throwing and returns its value; after `ms`, rethrows its last error. */
export async function untilPasses<T>(fn: () => T | Promise<T>, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
