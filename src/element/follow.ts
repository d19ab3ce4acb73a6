import type { CallStatus } from '../core/call-status.js';

/** How often the status is polled where no event stream works. */
export const pollEveryMs = 3000;
/** The element stops following past this, whatever the proxy says: its own outcome timeout is 10 minutes by default. */
export const followForMs = 15 * 60_000;

/**
 * Follows a placed call's status at `url` and hands each status to `onStatus`, until a final
 * one, `signal`'s abort or `followForMs`. Server-Sent Events where the browser has EventSource
 * and the stream opens; polling `GET url` otherwise, or once the stream is closed for good.
 */
export function followCall(url: string, onStatus: (status: CallStatus) => void, signal: AbortSignal): void {
  const until = AbortSignal.any([signal, AbortSignal.timeout(followForMs)]);
  let ended = false;
  const take = (status: CallStatus) => {
    if (ended || until.aborted) return;
    ended = status.final;
    onStatus(status);
  };

  const poll = async () => {
    while (!ended && !until.aborted) {
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: until });
        // Unknown or expired: nothing more will come.
        if (response.status === 404) return;
        if (response.ok) take((await response.json()) as CallStatus);
      } catch {
        // A network blip: the next poll tries again.
      }
      if (!ended) await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
  };

  if (typeof EventSource !== 'function') return void poll();
  const source = new EventSource(url);
  let heard = false;
  until.addEventListener('abort', () => source.close());
  source.addEventListener('status', (event) => {
    heard = true;
    take(JSON.parse((event as MessageEvent<string>).data) as CallStatus);
    if (ended) source.close();
  });
  source.onerror = () => {
    // Reconnecting after a drop is EventSource's own business; a stream that never opened, or
    // that the browser gave up on, is replaced by polling.
    if (heard && source.readyState !== EventSource.CLOSED) return;
    source.close();
    if (!ended) void poll();
  };
}
