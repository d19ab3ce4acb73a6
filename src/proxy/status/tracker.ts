import { BackgroundTimers } from '../../core/background-timers.js';
import type { CallEvent, CallStatus, ConsentReceipt, FinalCallState } from '../../core/call-status.js';
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
  consent?: ConsentReceipt;
  /** A booked call's own id, for the business's events; absent for a call placed at once. */
  scheduleId?: string;
  /** What placing an attempt still to come takes: the provider's parameters (no credentials) and the options the browser set. */
  placement?: { parameters: Record<string, string>; fromBrowser: string[] };
  /** When the current attempt was placed (ms since the epoch), 0 before the first; the outcome timeout counts from here. */
  placedAt: number;
  /** How the last attempt ended, while a redial waits: the call's end, should redialling stop. */
  lastEnding?: CallEnding;
  /** When the store drops the record (ms since the epoch). */
  expiresAt: number;
  status: CallStatus;
}

export type { CallEvent };

/** A site's hook for every CallEvent. It runs after the visitor's answer is on its way; what it throws is logged. */
export type CallEventHook = (event: CallEvent) => unknown;

/** How a call ended, as a push report (or the outcome timeout) says. */
export interface CallEnding {
  state: FinalCallState;
  talkSeconds?: number | undefined;
  providerStatus?: number | undefined;
}

/** Trying a call again after some of its endings (CTC_REDIAL). */
export interface RedialPolicy {
  /** When to try again after `ending`, or undefined to let the call end. */
  at(record: CallRecord, ending: CallEnding): Date | undefined;
  /** Books the attempt the record now waits for. */
  schedule(record: CallRecord): Promise<void>;
}

export interface TrackerSettings {
  store: RecordStore;
  channel: StatusChannel;
  statusTtlMs: number;
  outcomeTimeoutMs: number;
  onCallEvent: CallEventHook | undefined;
  /** Told of a failure in work nobody waits for: the hook's, an outcome timer's. */
  problem: (callId: string, detail: string) => void;
  /** Writes an instant as the business reads it (ISO 8601 with its offset). */
  local: (instant: Date) => string;
  redial?: RedialPolicy | undefined;
}

export type EndResult = { change: 'ended' | 'redial' | 'already-ended'; record: CallRecord } | { change: 'unknown-call' };

/** Who acts on a waiting attempt: the job placing it, a cancel, or a reader finding it overdue. */
export type AttemptPurpose = 'place' | 'cancel' | 'lost';

/** A booked call, as the handler hands it over. */
export interface Booking {
  phone: string;
  consent?: ConsentReceipt | undefined;
  scheduledAt: Date;
  placement: NonNullable<CallRecord['placement']>;
}

const statusKey = (token: string) => `status:${token}`;
const callKey = (callId: string) => `status-call:${callId}`;
/** Claimed by the first final state of a call: one report wins, on however many instances. */
const endKey = (callId: string) => `status-end:${callId}`;
/** Claimed by whoever acts first on an attempt still to come: the job that places it, or a cancel. */
const attemptKey = (token: string, attempt: number) => `status-attempt:${token}:${attempt}`;
const newScheduleId = () => `sch_${newStatusToken().replaceAll(/[-_]/g, '').slice(0, 20)}`;

/** Whether a call waits for an attempt still to come. */
export const awaitsAttempt = (record: CallRecord) => record.status.state === 'scheduled' || record.status.state === 'redial-scheduled';

function recordOf(text: string | undefined): CallRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as CallRecord;
    return typeof record?.token === 'string' && typeof record.status?.state === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** What the store keeps a record for from now: until it expires, and never less than a second. */
const ttlOf = (record: CallRecord, now = Date.now()) => Math.max(1000, record.expiresAt - now);

/** The record of a call that is over: what placing it needed is dropped, and the ending goes into its status. */
function endedRecord(record: CallRecord, ending: CallEnding & { reason?: string | undefined }, now: number): CallRecord {
  const { scheduledAt: _scheduledAt, ...status } = record.status;
  const { placement: _placement, lastEnding: _lastEnding, ...kept } = record;
  return {
    ...kept,
    status: {
      ...status,
      state: ending.state,
      final: true,
      ...(ending.talkSeconds === undefined ? {} : { talkSeconds: ending.talkSeconds }),
      ...(ending.providerStatus === undefined ? {} : { providerStatus: ending.providerStatus }),
      ...(ending.reason === undefined ? {} : { reason: ending.reason }),
      updatedAt: new Date(now).toISOString(),
    },
  };
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

  /**
   * Records a call the provider accepted as `calling`, and tells the hook. With a redial policy,
   * `placement` is kept for the attempts that may follow.
   */
  async start(callId: string, phone: string, consent?: ConsentReceipt, placement?: CallRecord['placement']): Promise<CallRecord> {
    const { store, statusTtlMs, outcomeTimeoutMs } = this.#settings;
    const now = Date.now();
    const record: CallRecord = {
      token: newStatusToken(),
      phone,
      ...(consent ? { consent } : {}),
      ...(placement && this.#settings.redial ? { placement } : {}),
      placedAt: now,
      expiresAt: now + statusTtlMs,
      status: { callId, state: 'calling', final: false, attempts: 1, updatedAt: new Date(now).toISOString() },
    };
    await store.put(statusKey(record.token), JSON.stringify(record), statusTtlMs);
    await store.put(callKey(callId), record.token, statusTtlMs);
    this.#tell(this.#eventOf('requested', record));
    this.#tell(this.#eventOf('state', record));
    this.#awaitOutcome(record.token, callId, outcomeTimeoutMs);
    return record;
  }

  /** Records a call booked for later as `scheduled`, and tells the hook. The status lives until a day after its time. */
  async book(booking: Booking): Promise<CallRecord> {
    const now = Date.now();
    const expiresAt = booking.scheduledAt.getTime() + this.#settings.statusTtlMs;
    const record: CallRecord = {
      token: newStatusToken(),
      phone: booking.phone,
      ...(booking.consent ? { consent: booking.consent } : {}),
      scheduleId: newScheduleId(),
      placement: booking.placement,
      placedAt: 0,
      expiresAt,
      status: {
        state: 'scheduled',
        final: false,
        scheduledAt: this.#settings.local(booking.scheduledAt),
        attempts: 0,
        updatedAt: new Date(now).toISOString(),
      },
    };
    await this.#settings.store.put(statusKey(record.token), JSON.stringify(record), expiresAt - now);
    this.#tell(this.#eventOf('state', record));
    return record;
  }

  /**
   * Takes the attempt a booked or redialled call waits for, to place it, cancel it or end it as
   * lost: claimed for the one caller, on whichever instance, that acts on it first; every other
   * learns who has it.
   */
  async claimAttempt(record: CallRecord, purpose: AttemptPurpose): Promise<{ claimed: true } | { claimed: false; by: AttemptPurpose }> {
    const attempt = record.status.attempts ?? 0;
    const claim = await this.#settings.store.claim(attemptKey(record.token, attempt), purpose, ttlOf(record));
    return claim.claimed ? claim : { claimed: false, by: claim.value as AttemptPurpose };
  }

  /** The attempt the record waited for is placed as `callId`: it is `calling`, and the push report ends it. */
  async placed(record: CallRecord, callId: string): Promise<CallRecord> {
    const { store, outcomeTimeoutMs } = this.#settings;
    const now = Date.now();
    const { scheduledAt: _scheduledAt, ...rest } = record.status;
    const calling: CallRecord = {
      ...record,
      placedAt: now,
      status: {
        ...rest,
        callId,
        state: 'calling',
        final: false,
        attempts: (record.status.attempts ?? 0) + 1,
        updatedAt: new Date(now).toISOString(),
      },
    };
    const ttlMs = ttlOf(record, now);
    await store.put(statusKey(record.token), JSON.stringify(calling), ttlMs);
    await store.put(callKey(callId), record.token, ttlMs);
    this.#publish(calling);
    this.#tell(this.#eventOf('requested', calling));
    this.#tell(this.#eventOf('state', calling));
    this.#awaitOutcome(record.token, callId, outcomeTimeoutMs);
    return calling;
  }

  /**
   * Ends a call that waited for an attempt without placing it: cancelled, refused when its time
   * came, or redialling stopped. Only the holder of the attempt's claim may, or a reader that
   * finds the holder gone.
   */
  async settle(record: CallRecord, ending: CallEnding & { reason?: string | undefined }): Promise<CallRecord> {
    const now = Date.now();
    const settled = endedRecord(record, ending, now);
    await this.#settings.store.put(statusKey(record.token), JSON.stringify(settled), ttlOf(record, now));
    this.#publish(settled);
    this.#tell(this.#eventOf('state', settled));
    return settled;
  }

  /**
   * An attempt whose placing began and never finished (its process stopped, or the store failed
   * after the provider was asked): whether a call was placed cannot be known, so it ends `unknown`.
   */
  interrupted(record: CallRecord): Promise<CallRecord> {
    return this.settle(record, { state: 'unknown', reason: 'interrupted' });
  }

  #awaitOutcome(token: string, callId: string, outcomeTimeoutMs: number): void {
    // A little past the deadline: a timer may fire a millisecond early, and read() ends only overdue calls.
    this.#timers.after(outcomeTimeoutMs + 10, () => {
      this.read(token).catch((error: Error) => this.#settings.problem(callId, `outcome timeout: ${error.message}`));
    });
  }

  #publish(record: CallRecord): void {
    // Not awaited, and readers that miss the news still read the store at their next keep-alive.
    this.#settings.channel
      .publish(JSON.stringify(record))
      .catch((error: Error) => this.#settings.problem(record.status.callId ?? record.scheduleId ?? '', `status channel: ${error.message}`));
  }

  #eventOf(type: CallEvent['type'], record: CallRecord): CallEvent {
    return {
      type,
      ...(record.status.callId ? { callId: record.status.callId } : {}),
      ...(record.scheduleId ? { scheduleId: record.scheduleId } : {}),
      phone: record.phone,
      ...(type === 'requested' && record.consent ? { consent: record.consent } : {}),
      status: record.status,
    };
  }

  /**
   * The record a token names; undefined when unknown or expired. A call whose outcome is overdue
   * ends `unknown` first, and one whose attempt never came (its job lost with a process that kept
   * jobs in memory) ends `failed` with the reason `not-placed`.
   */
  async read(token: string): Promise<CallRecord | undefined> {
    const record = recordOf(await this.#settings.store.get(statusKey(token)));
    if (!record || record.status.final) return record;
    const { outcomeTimeoutMs } = this.#settings;
    if (awaitsAttempt(record)) {
      if (Date.now() < Date.parse(record.status.scheduledAt ?? '') + outcomeTimeoutMs) return record;
      const claim = await this.claimAttempt(record, 'lost');
      if (claim.claimed) return this.settle(record, { ...(record.lastEnding ?? { state: 'failed' }), reason: 'not-placed' });
      return claim.by === 'place' ? this.interrupted(record) : record;
    }
    if (Date.now() < record.placedAt + outcomeTimeoutMs || !record.status.callId) return record;
    const ended = await this.end(record.status.callId, { state: 'unknown' });
    return ended.change === 'unknown-call' ? record : ended.record;
  }

  /** Ends a call, unless it has ended already; a call id this proxy did not place (or no longer keeps) is left alone. */
  async end(callId: string, ending: CallEnding): Promise<EndResult> {
    const { store } = this.#settings;
    const token = await store.get(callKey(callId));
    const current = token === undefined ? undefined : recordOf(await store.get(statusKey(token)));
    if (!current) return { change: 'unknown-call' };
    if (current.status.final || current.status.callId !== callId) return { change: 'already-ended', record: current };
    const now = Date.now();
    const redialAt = this.#settings.redial?.at(current, ending);
    const ended: CallRecord = redialAt
      ? {
          ...current,
          lastEnding: ending,
          status: {
            state: 'redial-scheduled',
            final: false,
            scheduledAt: this.#settings.local(redialAt),
            attempts: current.status.attempts ?? 1,
            updatedAt: new Date(now).toISOString(),
          },
        }
      : endedRecord(current, ending, now);
    const text = JSON.stringify(ended);
    const ttlMs = ttlOf(current, now);
    const claim = await store.claim(endKey(callId), text, ttlMs);
    if (!claim.claimed) {
      // Another report or instance ended it first. Writing its record again mends a status left
      // behind by an instance that stopped between its claim and its write.
      await store.put(statusKey(current.token), claim.value, ttlMs);
      return { change: 'already-ended', record: recordOf(claim.value) ?? current };
    }
    await store.put(statusKey(current.token), text, ttlMs);
    this.#publish(ended);
    this.#tell(this.#eventOf('state', ended));
    if (!redialAt) return { change: 'ended', record: ended };
    await this.#settings.redial!.schedule(ended);
    return { change: 'redial', record: ended };
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
          event.callId ?? event.scheduleId ?? '',
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
