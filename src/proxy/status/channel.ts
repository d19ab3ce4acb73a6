/**
 * How a change of a call's status reaches every status reader: in one process, or across every
 * proxy instance that shares a Redis (RedisStatusChannel). A message is the changed record as
 * JSON; readers that miss one (a reconnect, say) still read the record from the store, which
 * holds the truth: the channel only makes the news fast.
 */
export interface StatusChannel {
  publish(message: string): Promise<void>;
  /** Calls `listener` with every message published on the channel, by this instance or another. */
  subscribe(listener: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** The default: the handler's own process only. */
export class MemoryStatusChannel implements StatusChannel {
  readonly #listeners = new Set<(message: string) => void>();

  async publish(message: string): Promise<void> {
    for (const listener of this.#listeners) listener(message);
  }

  async subscribe(listener: (message: string) => void): Promise<void> {
    this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
