import type { HitReceipt, LimitRule, Store } from './stores/store.js';

/**
 * What one request holds in the store (its idempotency claim, its hits on the double-submit window
 * and the limits), so that all of it can be given back when the call was certainly not
 * placed: a retry then starts afresh instead of being refused for a call that never happened.
 */
export class Reservation {
  readonly #store: Store;
  readonly #undo: (() => Promise<unknown>)[] = [];

  constructor(store: Store) {
    this.#store = store;
  }

  holdKey(key: string): void {
    this.#undo.push(() => this.#store.release(key));
  }

  holdHits(rules: readonly LimitRule[], receipt: HitReceipt): void {
    this.#undo.push(() =>
      this.#store.unhit(
        rules.map((rule) => rule.key),
        receipt,
      ),
    );
  }

  /** Gives everything back, as far as the store allows: a failure here must not hide the answer. */
  async release(): Promise<void> {
    await Promise.allSettled(this.#undo.map((undo) => undo()));
    this.#undo.length = 0;
  }
}
