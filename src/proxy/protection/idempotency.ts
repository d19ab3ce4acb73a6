import type { Store } from './stores/store.js';

/** What an Idempotency-Key stands for in the store, kept for `idempotencyTtlMs`. */
type IdempotencyRecord = { state: 'in-flight'; fingerprint: string } | { state: 'done'; fingerprint: string; status: number; body: string };

/** Printable ASCII without spaces or commas (a comma means the header was sent twice), 1-255 characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x2b\x2d-\x7e]{1,255}$/.test(key);
}

/**
 * A digest of what a request asks the provider for, so that a key reused for another call is
 * caught: the same parameters in any order give the same digest.
 */
export async function fingerprint(parameters: Record<string, string>): Promise<string> {
  const text = Object.entries(parameters)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export type KeyClaim =
  /** The key is this request's now: its call goes ahead, and its answer is kept with recordAnswer(). */
  | { kind: 'claimed'; storeKey: string; fingerprint: string }
  /** The key's call is done: its answer is given again. */
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'refused'; code: 'idempotency-key-reused' | 'request-in-flight' };

/** Claims `key` for a call with these parameters, or says what the key already stands for. */
export async function claimKey(store: Store, key: string, parameters: Record<string, string>, ttlMs: number): Promise<KeyClaim> {
  const print = await fingerprint(parameters);
  const storeKey = `idempotency:${key}`;
  const inFlight: IdempotencyRecord = { state: 'in-flight', fingerprint: print };
  const claim = await store.claim(storeKey, JSON.stringify(inFlight), ttlMs);
  if (claim.claimed) return { kind: 'claimed', storeKey, fingerprint: print };
  const record = JSON.parse(claim.value) as IdempotencyRecord;
  if (record.fingerprint !== print) return { kind: 'refused', code: 'idempotency-key-reused' };
  if (record.state === 'in-flight') return { kind: 'refused', code: 'request-in-flight' };
  return { kind: 'replay', status: record.status, body: record.body };
}

/** Keeps the answer a claimed key's call got, for the key's repeats. */
export async function recordAnswer(
  store: Store,
  claim: Extract<KeyClaim, { kind: 'claimed' }>,
  answer: { status: number; body: string },
  ttlMs: number,
): Promise<void> {
  const done: IdempotencyRecord = { state: 'done', fingerprint: claim.fingerprint, status: answer.status, body: answer.body };
  await store.put(claim.storeKey, JSON.stringify(done), ttlMs);
}
