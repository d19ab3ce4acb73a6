/** The proxy's answer when the provider accepted the call. */
export interface ProxySuccess {
  status: 'success';
  callId: string;
  /** Where the call's status can be read: a path resolved against the proxy's URL, or an absolute URL. Absent when the proxy could not keep it. */
  statusUrl?: string;
  /** The number the call will show, when the proxy is configured with it (CTC_CALLER_ID). */
  callerId?: string;
}

/** The proxy's answer when the request asked for a later time (`at`): the call is booked, not placed. */
export interface ProxyScheduled {
  status: 'scheduled';
  /** When the call will be placed, ISO 8601 with the business's offset. */
  scheduledAt: string;
  /** Where the call's status can be read, from `scheduled` to its outcome. */
  statusUrl: string;
  /** `DELETE` it to cancel the call while it is not yet placed. */
  cancelUrl: string;
}

/** The proxy's answer to every failure: a code to act on and a message a visitor may read. */
export interface ProxyError {
  status: 'error';
  code: string;
  message: string;
  /** The request field at fault, when there is one (`phone`, or an option's provider name). */
  field?: string;
}

export type ProxyAnswer = ProxySuccess | ProxyScheduled | ProxyError;

/** The header that makes a retried submission place at most one call. */
export const idempotencyHeader = 'Idempotency-Key';
