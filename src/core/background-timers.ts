/**
 * Timers for work nobody waits for (a retry, an outcome's deadline, a simulated report): they
 * never keep a process alive by themselves, and `clear()` drops the ones still pending, for
 * shutdown and tests.
 */
export class BackgroundTimers {
  readonly #pending = new Set<ReturnType<typeof setTimeout>>();

  after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      work();
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    this.#pending.add(timer);
  }

  clear(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }
}
