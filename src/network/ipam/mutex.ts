// A promise-chain mutex: allocation decisions read-then-write shared state (registry, cursors,
// IPClaims), so concurrent sandbox creations on many simulated nodes must run one at a time.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
