import type { Store } from './store.js';
import { StoreUnavailableError } from './store.js';

/**
 * A store that uses `primary` (Redis) and, while it is unavailable, `fallback` (memory). Chosen
 * only by explicit configuration: limits then hold per instance until Redis is back, and the
 * switch is logged each time it happens, so it is never silent.
 *
 * @example
 * const store = new FallbackStore(new RedisStore({ url }), new MemoryStore(), (usingMemory) =>
 *   console.error(usingMemory ? 'redis down: limits per instance' : 'redis back'),
 * );
 */
export class FallbackStore implements Store {
  #fellBack = false;

  constructor(
    private readonly primary: Store,
    private readonly fallback: Store,
    private readonly onSwitch: (usingFallback: boolean) => void,
  ) {}

  async #use<T>(operation: (store: Store) => Promise<T>): Promise<T> {
    try {
      const result = await operation(this.primary);
      if (this.#fellBack) {
        this.#fellBack = false;
        this.onSwitch(false);
      }
      return result;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!this.#fellBack) {
        this.#fellBack = true;
        this.onSwitch(true);
      }
      return operation(this.fallback);
    }
  }

  hit: Store['hit'] = (rules) => this.#use((store) => store.hit(rules));
  // A receipt from the other store (Redis went down or came back in between) matches nothing there:
  // that hit stays counted until its window passes, which errs on the side of refusing.
  unhit: Store['unhit'] = (keys, receipt) => this.#use((store) => store.unhit(keys, receipt));
  claim: Store['claim'] = (key, value, ttl) => this.#use((store) => store.claim(key, value, ttl));
  put: Store['put'] = (key, value, ttl) => this.#use((store) => store.put(key, value, ttl));
  get: Store['get'] = (key) => this.#use((store) => store.get(key));
  release: Store['release'] = (key) => this.#use((store) => store.release(key));

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
