import type { StoreOperation } from './durable-object.js';
import type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './store.js';
import { StoreUnavailableError } from './store.js';

/** The little of a Durable Object namespace binding (`env.CTC_STORE`) this uses. */
export interface DurableObjectNamespaceOfStore {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init: RequestInit): Promise<Response> };
}

export interface DurableObjectStoreOptions {
  /** How long one operation may take before the store counts as unavailable. */
  timeoutMs?: number;
  /** Which object of the namespace holds the limits: Workers that use one name share them. */
  name?: string;
}

/**
 * Limits and idempotency records in a ClickToCallStore Durable Object, shared by every isolate
 * of every Worker bound to it. One object holds them all, as one Redis slot does: every hit counts
 * the account's global budget, so the limits of one hit cannot be split between objects. An
 * operation that fails or outlasts `timeoutMs` is a StoreUnavailableError, so the handler fails
 * closed (503) rather than place a call it could not count.
 *
 * @example
 * export { ClickToCallStore } from 'click-to-call/proxy';
 * // in fetch(request, env): store: new DurableObjectStore(env.CTC_STORE)
 */
export class DurableObjectStore implements Store {
  readonly #namespace: DurableObjectNamespaceOfStore;
  readonly #name: string;
  readonly #timeoutMs: number;

  constructor(namespace: DurableObjectNamespaceOfStore, options: DurableObjectStoreOptions = {}) {
    this.#namespace = namespace;
    this.#name = options.name ?? 'click-to-call';
    this.#timeoutMs = options.timeoutMs ?? 2000;
  }

  async #send<T>(message: StoreOperation): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A stub per operation: a Worker may not do one request's I/O on another request's objects.
      const stub = this.#namespace.get(this.#namespace.idFromName(this.#name) as never);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${this.#timeoutMs} ms`)), this.#timeoutMs);
      });
      const sent = stub.fetch('https://click-to-call.store/', { method: 'POST', body: JSON.stringify(message) });
      const response = await Promise.race([sent, timeout]);
      const answer = (await Promise.race([response.json(), timeout])) as { result?: T; error?: string };
      if (!response.ok) throw new Error(answer.error ?? `answered ${response.status}`);
      return answer.result as T;
    } catch (error) {
      throw new StoreUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  hit(rules: readonly LimitRule[]): Promise<HitResult> {
    return this.#send({ operation: 'hit', args: [rules] });
  }

  async unhit(keys: readonly string[], receipt: HitReceipt): Promise<void> {
    await this.#send({ operation: 'unhit', args: [keys, receipt] });
  }

  claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    return this.#send({ operation: 'claim', args: [key, value, ttlMs] });
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#send({ operation: 'put', args: [key, value, ttlMs] });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#send<string | null>({ operation: 'get', args: [key] })) ?? undefined;
  }

  async release(key: string): Promise<void> {
    await this.#send({ operation: 'release', args: [key] });
  }

  /** Nothing to close: the object lives on in the runtime. */
  async close(): Promise<void> {}
}
