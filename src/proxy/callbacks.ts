import type { ProxyScheduled } from '../core/contract.js';
import type { OpeningHours } from './business/hours.js';
import { nextAttemptAt } from './business/redial.js';
import type { RedialSetting } from './business/redial.js';
import type { JobData, Scheduler } from './business/scheduler.js';
import { isBlocked } from './checks/screening.js';
import type { Limits } from './protection/limits.js';
import { globalRule, numberRule } from './protection/limits.js';
import { StoreUnavailableError } from './protection/stores/store.js';
import type { Store } from './protection/stores/store.js';
import type { ProviderResult } from './provider/call.js';
import { providerOutcome } from './provider/outcome.js';
import { awaitsAttempt } from './status/tracker.js';
import type { Booking, CallRecord, CallTracker, RedialPolicy } from './status/tracker.js';

/*
 * Calls for later: a booked call (`"at"` in the request) and each redial attempt wait as a job of
 * the scheduler until their time, then are placed here. The request's own protections ran when it
 * was made; what can have changed since is checked again when the attempt is placed.
 */

/** What placing a waiting attempt needs of the handler. */
export interface CallbackSettings {
  tracker: CallTracker;
  scheduler: Scheduler;
  store: Store;
  limits: Limits;
  blockedNumbers: readonly string[];
  callFirst: 'visitor' | 'destination';
  placeCall: (parameters: Record<string, string>) => Promise<ProviderResult>;
  problem: (callId: string, detail: string) => void;
}

const attemptJobId = (record: CallRecord) => `place_${record.token}_${record.status.attempts ?? 0}`;

/** Adds the job that places the attempt a record waits for, at its `scheduledAt`. */
export function scheduleAttempt(scheduler: Scheduler, record: CallRecord): Promise<void> {
  const attempt = record.status.attempts ?? 0;
  return scheduler.add({
    id: attemptJobId(record),
    runAt: Date.parse(record.status.scheduledAt!),
    data: { kind: 'place', token: record.token, attempt },
  });
}

/** The tracker's redial policy: when a call is tried again, and the job that tries it. */
export function redialPolicy(setting: RedialSetting | undefined, hours: OpeningHours | undefined, scheduler: Scheduler): RedialPolicy {
  return {
    at: (record, ending) => nextAttemptAt(setting, hours, ending.state, record.status.attempts ?? 1, new Date()),
    schedule: (record) => scheduleAttempt(scheduler, record),
  };
}

/** Books a checked request for `at`: its status starts `scheduled`, and a job will place it. */
export async function bookCall(
  booking: Booking,
  statusPath: (token: string) => string,
  settings: Pick<CallbackSettings, 'tracker' | 'scheduler'>,
): Promise<ProxyScheduled> {
  const record = await settings.tracker.book(booking);
  try {
    await scheduleAttempt(settings.scheduler, record);
  } catch (error) {
    // Without its job the booking would never be placed: say so now rather than at its time.
    if ((await settings.tracker.claimAttempt(record, 'lost')).claimed)
      await settings.tracker.settle(record, { state: 'failed', reason: 'not-placed' });
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
  }
  const url = statusPath(record.token);
  return { status: 'scheduled', scheduledAt: record.status.scheduledAt!, statusUrl: url, cancelUrl: url };
}

/**
 * Places the attempt a job stands for, exactly once: the attempt is claimed in the store before
 * the provider is asked, so a job run twice (two instances, a retry after a crash) or a cancel at
 * the same moment cannot place a second call. The account's budget is checked at this moment, and
 * for a redial the number's limit and block list too; a refusal ends the call with the reason.
 */
export async function placeWaitingAttempt(job: Extract<JobData, { kind: 'place' }>, settings: CallbackSettings): Promise<void> {
  const { tracker, store } = settings;
  const record = await tracker.read(job.token);
  // Cancelled, lost, expired, or already past this attempt: nothing to do.
  if (!record || !awaitsAttempt(record) || (record.status.attempts ?? 0) !== job.attempt || !record.placement) return;
  const redial = job.attempt > 0;
  // How the call ends if this attempt cannot be made: as the last attempt ended, or failed.
  const ending = record.lastEnding ?? { state: 'failed' as const };
  const id = record.scheduleId ?? record.token;

  if (redial && isBlocked(record.phone, settings.blockedNumbers)) {
    if ((await tracker.claimAttempt(record, 'place')).claimed) await tracker.settle(record, { ...ending, reason: 'number-blocked' });
    return;
  }
  const rules = redial ? [globalRule(settings.limits), numberRule(settings.limits, record.phone)] : [globalRule(settings.limits)];
  const hit = await store.hit(rules);
  const giveBack = async () => {
    if (hit.ok)
      await store
        .unhit(
          rules.map((rule) => rule.key),
          hit.receipt,
        )
        .catch(() => {});
  };
  const claim = await tracker.claimAttempt(record, 'place');
  if (!claim.claimed) {
    await giveBack();
    // An earlier run of this very job began placing it and stopped: nobody can tell whether it rang.
    if (claim.by === 'place') await tracker.interrupted(record);
    return;
  }
  if (!hit.ok) {
    await tracker.settle(record, { ...ending, reason: rules[hit.rule]!.code });
    return;
  }
  const result = await settings.placeCall(record.placement.parameters);
  const outcome = providerOutcome(result, settings.callFirst === 'visitor' ? 'from' : 'to', record.placement.fromBrowser);
  if (!outcome.ok) {
    if (result.placed === 'no') await giveBack();
    settings.problem(id, `attempt ${job.attempt + 1} not placed: ${outcome.code}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    await tracker.settle(record, { ...ending, reason: outcome.code });
    return;
  }
  await tracker.placed(record, outcome.callId);
}

export type CancelResult = { ok: true; record: CallRecord } | { ok: false; code: 'not-found' | 'not-cancellable' };

/** Cancels a call that waits for an attempt (booked, or between redials); a call placed or ended cannot be. */
export async function cancelCall(token: string, settings: Pick<CallbackSettings, 'tracker' | 'scheduler'>): Promise<CancelResult> {
  const record = await settings.tracker.read(token);
  if (!record) return { ok: false, code: 'not-found' };
  if (!awaitsAttempt(record) || !(await settings.tracker.claimAttempt(record, 'cancel')).claimed)
    return { ok: false, code: 'not-cancellable' };
  const cancelled = await settings.tracker.settle(record, { state: 'cancelled' });
  // The job would find the attempt claimed and do nothing; removing it only tidies the queue.
  await settings.scheduler.remove(attemptJobId(record)).catch(() => {});
  return { ok: true, record: cancelled };
}
