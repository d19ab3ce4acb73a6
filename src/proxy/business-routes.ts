import type { OpeningHours } from './business/hours.js';
import { jsonAnswer } from './http/answers.js';
import type { IncomingCall } from './http/incoming.js';
import { refused } from './http/log.js';
import type { Outcome } from './http/log.js';
import { checkOrigin } from './http/origin.js';
import type { OriginPolicy } from './http/origin.js';

/** What the business's routes need of the handler's options. */
export interface AvailabilitySettings extends OriginPolicy {
  hours: OpeningHours | undefined;
  /** The hours calls may be booked in: the opening hours, or round the clock. */
  bookingHours: OpeningHours;
  timezone: string;
  scheduleDays: number;
  scheduleStepMinutes: number;
}

/**
 * `GET /availability`: whether the business takes calls now, when that changes, and the start
 * times a callback may be booked for. Public (it holds no secret), and the same for a minute.
 */
export async function availabilityRoute(call: IncomingCall, options: AvailabilitySettings): Promise<Outcome> {
  if (call.method !== 'GET' && call.method !== 'HEAD') return refused('method-not-allowed', { headers: { Allow: 'GET, HEAD' } });
  const origin = checkOrigin(call, options);
  if (!origin.allowed) return refused('origin-not-allowed');
  const headers = { ...origin.corsHeaders, 'Cache-Control': 'public, max-age=60' };
  const { hours, bookingHours, timezone } = options;
  const now = new Date();
  const slots = bookingHours.slots(now, options.scheduleDays, options.scheduleStepMinutes).map((slot) => bookingHours.local(slot));
  if (!hours) return { answer: jsonAnswer(200, { open: true, timezone, slots }, headers) };
  const opening = hours.at(now);
  const body = {
    open: opening.open,
    ...(opening.opensAt ? { opensAt: hours.local(opening.opensAt) } : {}),
    ...(opening.closesAt ? { closesAt: hours.local(opening.closesAt) } : {}),
    timezone,
    slots,
  };
  return { answer: jsonAnswer(200, body, headers) };
}
