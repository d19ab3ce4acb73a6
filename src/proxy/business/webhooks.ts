import type { CallEvent, CallStatus, ConsentReceipt } from '../../core/call-status.js';
import type { JobData, Scheduler } from './scheduler.js';

/** Where the business hears of its calls: a URL of its own, and the secret that signs every message. */
export interface EventWebhookSettings {
  url: string;
  /** A Standard Webhooks secret: `whsec_` and the key in base64 (24 bytes or more). */
  secret: string;
  /** The waits between a failed delivery and its next attempt. Default: the Standard Webhooks schedule, about a day in all. */
  retryDelaysMs?: readonly number[];
}

/** The body of every webhook: Standard Webhooks' `type`, `timestamp` and `data`. */
export interface BusinessEvent {
  type: 'call.requested' | 'call.scheduled' | 'call.cancelled' | 'call.ended';
  timestamp: string;
  data: CallStatus & {
    /** A booked call's id, on each of its events: `call.scheduled`, then those of its attempts. */
    scheduleId?: string;
    /** The visitor's number, E.164: the business needs it to call back; no browser ever sees it. */
    phone: string;
    /** What the visitor agreed to, on `call.requested`, when the request said. */
    consent?: ConsentReceipt;
  };
}

/** Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: the specification's recommendation. */
export const defaultRetryDelaysMs: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** How long one delivery may take before it counts as failed. */
const attemptTimeoutMs = 10_000;

const encoder = new TextEncoder();
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** The HMAC key of a Standard Webhooks secret (`whsec_` and the key's bytes in base64), for signing. */
export function webhookKey(secret: string): Promise<CryptoKey> {
  const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (character) => character.charCodeAt(0));
  return crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/**
 * The `webhook-signature` of a message, as the Standard Webhooks specification defines it:
 * `v1,` and the base64 HMAC-SHA256, keyed by the secret's bytes, of `id.timestamp.body`. Web
 * Crypto, so that it signs in every runtime the handler runs in.
 */
export async function signWebhook(key: CryptoKey, id: string, timestampSeconds: number, body: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${base64(new Uint8Array(signature))}`;
}

/** The business event a tracked event means, if it means one. */
function businessTypeOf(event: CallEvent): BusinessEvent['type'] | undefined {
  if (event.type === 'requested') return 'call.requested';
  if (event.status.state === 'scheduled') return 'call.scheduled';
  if (event.status.state === 'cancelled') return 'call.cancelled';
  return event.status.final ? 'call.ended' : undefined;
}

/**
 * Sends the business a signed webhook for each call booked, requested, cancelled and ended, at
 * least once: a delivery that fails (no answer within 10 s, or anything but 2xx) is tried again
 * on the retry schedule, under the same `webhook-id` and with a fresh timestamp and signature,
 * so a receiver can drop repeats. Nothing here holds up the visitor: deliveries start after the
 * answer, and each retry is a job of the scheduler, so it lasts as long as the scheduler's jobs
 * do (across restarts with the Redis queue; in this process's memory otherwise).
 */
export class EventWebhooks {
  readonly #settings: EventWebhookSettings;
  readonly #scheduler: Scheduler;
  readonly #problem: (callId: string, detail: string) => void;
  /** Imported once: every message is signed with the same key. */
  readonly #key: Promise<CryptoKey>;

  constructor(settings: EventWebhookSettings, scheduler: Scheduler, problem: (callId: string, detail: string) => void) {
    this.#settings = settings;
    this.#scheduler = scheduler;
    this.#problem = problem;
    this.#key = webhookKey(settings.secret);
  }

  /** Sends the business event a tracked event means, if it means one. */
  deliver(event: CallEvent): void {
    const type = businessTypeOf(event);
    if (!type) return;
    const data = {
      ...event.status,
      ...(event.scheduleId ? { scheduleId: event.scheduleId } : {}),
      phone: event.phone,
      ...(event.consent ? { consent: event.consent } : {}),
    };
    const message: BusinessEvent = { type, timestamp: new Date().toISOString(), data };
    // The same call and event always make the same id, on whichever instance sends it.
    const subject = event.callId ?? event.scheduleId!;
    const id = `msg_${subject}_${type.replace('.', '_')}`;
    void this.#attempt(subject, id, JSON.stringify(message), 0);
  }

  /** A retry's job has come. */
  retry(job: Extract<JobData, { kind: 'webhook' }>): Promise<void> {
    return this.#attempt(job.callId, job.id, job.body, job.attempt);
  }

  async #attempt(callId: string, id: string, body: string, attempt: number): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string;
    try {
      const response = await fetch(this.#settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': await signWebhook(await this.#key, id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return;
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
    const delays = this.#settings.retryDelaysMs ?? defaultRetryDelaysMs;
    const delay = delays[attempt];
    if (delay === undefined) {
      this.#problem(callId, `event webhook ${id}: given up after ${attempt + 1} attempts (last: ${failure})`);
      return;
    }
    this.#problem(callId, `event webhook ${id}: attempt ${attempt + 1} failed (${failure}); next in ${Math.round(delay / 1000)} s`);
    const next = attempt + 1;
    await this.#scheduler
      .add({ id: `${id}_try${next}`, runAt: Date.now() + delay, data: { kind: 'webhook', id, callId, body, attempt: next } })
      .catch((error: Error) => this.#problem(callId, `event webhook ${id}: retry not kept: ${error.message}`));
  }
}
