import { BackgroundTimers } from '../../core/background-timers.js';
import type { CallStatus, FinalCallState } from '../../core/call-status.js';
import type { StatusChannel } from './channel.js';

/** What the tracker needs of a store: every Store (MemoryStore, RedisStore, ...) has it. */
export interface RecordStore {
  put(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Sets `key` unless it is set; says what is there when it is. */
  claim(key: string, value: string, ttlMs: number): Promise<{ claimed: true } | { claimed: false; value: string; ttlMs: number }>;
}

/** What the store keeps of one placed call. */
export interface CallRecord {
  /** The statusUrl's secret part: whoever holds it may read the status. */
  token: string;
  /** The visitor's number, E.164. Never leaves the server. */
  phone: string;
  /** What the visitor agreed to, when the request said. */
  consent?: { version: string; agreedAt?: string };
  /** When the call was placed (ms since the epoch); the outcome timeout counts from here. */
  placedAt: number;
  /** When the store drops the record (ms since the epoch). */
  expiresAt: number;
  status: CallStatus;
}

/** What `onCallEvent` receives: `requested` once the provider accepted a call, then each state it enters. */
export interface CallEvent {
  type: 'requested' | 'state';
  callId: string;
  /** The visitor's number, E.164, for the site's own records. */
  phone: string;
  /** What the visitor agreed to, on `requested`, when the request said (`CTC_REQUIRE_CONSENT`). */
  consent?: { version: string; agreedAt?: string };
  /** The call's status after the event. */
  status: CallStatus;
}

/** A site's hook for every CallEvent. It runs after the visitor's answer is on its way; what it throws is logged. */
export type CallEventHook = (event: CallEvent) => unknown;

/** How a call ended, as a push report (or the outcome timeout) says. */
export interface CallEnding {
  state: FinalCallState;
  talkSeconds?: number | undefined;
  providerStatus?: number | undefined;
}

export interface TrackerSettings {
  store: RecordStore;
  channel: StatusChannel;
  statusTtlMs: number;
  outcomeTimeoutMs: number;
  onCallEvent: CallEventHook | undefined;
  /** Told of a failure in work nobody waits for: the hook's, an outcome timer's. */
  problem: (callId: string, detail: string) => void;
}

export type EndResult = { change: 'ended' | 'already-ended'; record: CallRecord } | { change: 'unknown-call' };

const statusKey = (token: string) => `status:${token}`;
const callKey = (callId: string) => `status-call:${callId}`;
/** Claimed by the first final state of a call: one report wins, on however many instances. */
const endKey = (callId: string) => `status-end:${callId}`;

function recordOf(text: string | undefined): CallRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as CallRecord;
    return typeof record?.token === 'string' && typeof record.status?.state === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** 144 random bits, URL-safe: a status token nobody can guess or derive from the call id. */
export function newStatusToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * Follows placed calls from `calling` to their final state. The records live in the store, so
 * every instance sharing it reads the same status; the first final state of a call is claimed in
 * the store, so a report received twice, or by two instances at once, ends the call once. The
 * channel carries each change to the status readers of every instance. A call no report ends
 * within the outcome timeout ends `unknown`: by a timer in the instance that placed it, or by the
 * first read after the deadline wherever that instance went.
 */
export class CallTracker {
  readonly #settings: TrackerSettings;
  readonly #watchers = new Map<string, Set<(record: CallRecord) => void>>();
  readonly #timers = new BackgroundTimers();
  #subscribed: Promise<void> | undefined;

  constructor(settings: TrackerSettings) {
    this.#settings = settings;
  }

  /** Records a call the provider accepted as `calling`, and tells the hook. */
  async start(callId: string, phone: string, consent?: { version: string; agreedAt?: string }): Promise<CallRecord> {
    const { store, statusTtlMs, outcomeTimeoutMs } = this.#settings;
    const now = Date.now();
    const record: CallRecord = {
      token: newStatusToken(),
      phone,
      ...(consent ? { consent } : {}),
      placedAt: now,
      expiresAt: now + statusTtlMs,
      status: { callId, state: 'calling', final: false, updatedAt: new Date(now).toISOString() },
    };
    await store.put(statusKey(record.token), JSON.stringify(record), statusTtlMs);
    await store.put(callKey(callId), record.token, statusTtlMs);
    this.#tell({ type: 'requested', callId, phone, ...(consent ? { consent } : {}), status: record.status });
    this.#tell({ type: 'state', callId, phone, status: record.status });
    // A little past the deadline: a timer may fire a millisecond early, and read() ends only overdue calls.
    this.#timers.after(outcomeTimeoutMs + 10, () => {
      this.read(record.token).catch((error: Error) => this.#settings.problem(callId, `outcome timeout: ${error.message}`));
    });
    return record;
  }

  /** The record a token names, ended `unknown` first when its outcome is overdue; undefined when unknown or expired. */
  async read(token: string): Promise<CallRecord | undefined> {
    const record = recordOf(await this.#settings.store.get(statusKey(token)));
    if (!record || record.status.final || Date.now() < record.placedAt + this.#settings.outcomeTimeoutMs) return record;
    const ended = await this.end(record.status.callId, { state: 'unknown' });
    return ended.change === 'unknown-call' ? record : ended.record;
  }

  /** Ends a call, unless it has ended already; a call id this proxy did not place (or no longer keeps) is left alone. */
  async end(callId: string, ending: CallEnding): Promise<EndResult> {
    const { store, channel } = this.#settings;
    const token = await store.get(callKey(callId));
    const current = token === undefined ? undefined : recordOf(await store.get(statusKey(token)));
    if (!current) return { change: 'unknown-call' };
    if (current.status.final) return { change: 'already-ended', record: current };
    const now = Date.now();
    const ended: CallRecord = {
      ...current,
      status: {
        callId,
        state: ending.state,
        final: true,
        ...(ending.talkSeconds === undefined ? {} : { talkSeconds: ending.talkSeconds }),
        ...(ending.providerStatus === undefined ? {} : { providerStatus: ending.providerStatus }),
        updatedAt: new Date(now).toISOString(),
      },
    };
    const text = JSON.stringify(ended);
    const ttlMs = Math.max(1000, current.expiresAt - now);
    const claim = await store.claim(endKey(callId), text, ttlMs);
    if (!claim.claimed) {
      // Another report or instance ended it first. Writing its record again mends a status left
      // behind by an instance that stopped between its claim and its write.
      await store.put(statusKey(current.token), claim.value, ttlMs);
      return { change: 'already-ended', record: recordOf(claim.value) ?? current };
    }
    await store.put(statusKey(current.token), text, ttlMs);
    // Not awaited, and readers that miss the news still read the store at their next keep-alive.
    channel.publish(text).catch((error: Error) => this.#settings.problem(callId, `status channel: ${error.message}`));
    this.#tell({ type: 'state', callId, phone: current.phone, status: ended.status });
    return { change: 'ended', record: ended };
  }

  /** Calls `listener` with each change of the token's record, from any instance on the channel. Returns the unwatch. */
  async watch(token: string, listener: (record: CallRecord) => void): Promise<() => void> {
    this.#subscribed ??= this.#settings.channel.subscribe((message) => {
      const record = recordOf(message);
      if (record) for (const watcher of this.#watchers.get(record.token) ?? []) watcher(record);
    });
    await this.#subscribed;
    const watchers = this.#watchers.get(token) ?? new Set();
    this.#watchers.set(token, watchers);
    watchers.add(listener);
    return () => {
      watchers.delete(listener);
      if (watchers.size === 0) this.#watchers.delete(token);
    };
  }

  /** How many status readers this instance serves, for tests and benches. */
  get watching(): number {
    let count = 0;
    for (const watchers of this.#watchers.values()) count += watchers.size;
    return count;
  }

  /** The hook runs on a later turn of the event loop, so that it never holds up the answer it follows. */
  #tell(event: CallEvent): void {
    const hook = this.#settings.onCallEvent;
    if (!hook) return;
    setTimeout(() => {
      const failed = (error: unknown) =>
        this.#settings.problem(
          event.callId,
          `onCallEvent (${event.type} ${event.status.state}): ${(error as Error)?.message ?? String(error)}`,
        );
      try {
        Promise.resolve(hook(event)).catch(failed);
      } catch (error) {
        failed(error);
      }
    }, 0);
  }
}
