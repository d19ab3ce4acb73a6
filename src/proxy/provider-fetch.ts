import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A fetch that bounds its own wait for the provider, so the handler passes it no AbortSignal
 * (see upstream.ts). `timeoutMs` is the longest it waits to connect, for the answer's headers,
 * and between two chunks of the answer's body.
 */
export interface TimedFetch {
  (input: string | URL, init?: RequestInit): Promise<Response>;
  readonly timeoutMs: number;
  /** Closes its connections to the provider. */
  close(): Promise<void>;
}

/**
 * The Node server's fetch for the provider: undici's own (the library behind Node's global
 * fetch), with the timeouts set on its connection pool. An AbortSignal per call cost the proxy
 * about a tenth of its CPU time under load on Node 20: fetch keeps every signalled request in a
 * WeakRef and a FinalizationRegistry, which the young-generation collector cannot clear, so each
 * call's request objects outlived it. undici's fetch rather than Node's with this pool: a pool
 * from one undici version does not fit the fetch of another, and each Node line bundles its own.
 */
export function timedFetch(timeoutMs: number): TimedFetch {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const fetchWithPool = (input: string | URL, init?: RequestInit) =>
    // undici's Response is the one Node's global fetch returns; only its declared type differs.
    undiciFetch(input, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  return Object.assign(fetchWithPool, { timeoutMs, close: () => dispatcher.close() });
}
