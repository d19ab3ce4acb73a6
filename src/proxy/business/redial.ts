import type { FinalCallState } from '../../core/call-status.js';
import type { OpeningHours } from './hours.js';

/** The endings a call may be tried again after: the visitor was not reached, or nobody took the call. */
export const redialStates = ['no-answer', 'busy', 'business-unavailable', 'failed'] as const satisfies readonly FinalCallState[];
export type RedialState = (typeof redialStates)[number];

/** Up to `attempts` more tries after one of `states`, `intervalMs` apart, within the opening hours (CTC_REDIAL). */
export interface RedialSetting {
  states: RedialState[];
  attempts: number;
  intervalMs: number;
}

const units = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Reads `no-answer,busy:2x5m`: the endings, a colon, then how many more attempts and how far
 * apart (`30s`, `5m`, `1h`). Throws an Error whose message ends the sentence "CTC_REDIAL …".
 */
export function parseRedial(text: string): RedialSetting {
  const match = /^([a-z,\s-]+):\s*(\d+)\s*x\s*(\d+)\s*([smh])$/i.exec(text.trim());
  if (!match) throw new Error('must be endings and attempts, such as no-answer,busy:2x5m (2 more attempts, 5 minutes apart)');
  const states = match[1]!
    .split(',')
    .map((state) => state.trim().toLowerCase())
    .filter(Boolean);
  for (const state of states) {
    if (!(redialStates as readonly string[]).includes(state))
      throw new Error(`names "${state}": the endings are ${redialStates.join(', ')}`);
  }
  const attempts = Number(match[2]);
  const intervalMs = Number(match[3]) * units[match[4]!.toLowerCase() as keyof typeof units];
  if (attempts < 1 || attempts > 5) throw new Error('must allow 1 to 5 more attempts');
  if (intervalMs < 30_000) throw new Error('must keep attempts at least 30 seconds apart');
  return { states: states as RedialState[], attempts, intervalMs };
}

/**
 * When to try a call again after it ended in `state`, having been placed `placed` times: an
 * interval later, or when the business opens next if it is closed then. Undefined when the
 * ending is not one to redial, the attempts are spent, or the business does not open again soon.
 */
export function nextAttemptAt(
  setting: RedialSetting | undefined,
  hours: OpeningHours | undefined,
  state: FinalCallState,
  placed: number,
  now: Date,
): Date | undefined {
  if (!setting || !(setting.states as string[]).includes(state) || placed > setting.attempts) return undefined;
  const candidate = new Date(now.getTime() + setting.intervalMs);
  if (!hours) return candidate;
  const opening = hours.at(candidate);
  return opening.open ? candidate : opening.opensAt;
}
