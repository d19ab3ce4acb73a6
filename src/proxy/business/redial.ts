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
