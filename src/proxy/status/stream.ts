import type { CallRecord, CallTracker } from './tracker.js';

/** A comment line at least this often, so that no proxy or browser between takes the stream for dead. */
export const keepAliveMs = 15_000;

const encoder = new TextEncoder();

/**
 * The status of one call as Server-Sent Events: `event: status` with the status JSON, for the
 * state now and for each change, then the end of the stream after a final state. Every
 * keep-alive also reads the store, so a change whose message this instance missed (Redis
 * reconnecting, say) still arrives, and so does the `unknown` of an overdue outcome.
 */
export function statusEvents(
  tracker: CallTracker,
  first: CallRecord,
  outcomeTimeoutMs: number,
  keepAliveEveryMs = keepAliveMs,
): ReadableStream<Uint8Array> {
  let unwatch: (() => void) | undefined;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let ended = false;
  const stop = () => {
    ended = true;
    unwatch?.();
    clearInterval(keepAlive);
    clearTimeout(deadline);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (record: CallRecord | undefined) => {
        if (ended || !record) return;
        const data = JSON.stringify(record.status);
        if (data === last) return;
        last = data;
        controller.enqueue(encoder.encode(`event: status\ndata: ${data}\n\n`));
        if (record.status.final) {
          stop();
          controller.close();
        }
      };
      const reread = () => tracker.read(first.token).then(send, () => {});
      send(first);
      if (ended) return;
      // Not awaited: with the channel down, the stream still has its keep-alive reads of the store.
      tracker.watch(first.token, send).then(
        (unwatchIt) => {
          if (ended) return unwatchIt();
          unwatch = unwatchIt;
          // A change between the first read and the watch would otherwise be missed.
          return reread();
        },
        () => {},
      );
      keepAlive = setInterval(() => {
        if (ended) return;
        controller.enqueue(encoder.encode(': keep-alive\n\n'));
        void reread();
      }, keepAliveEveryMs);
      deadline = setTimeout(reread, Math.max(0, first.placedAt + outcomeTimeoutMs - Date.now()) + 10);
    },
    cancel: stop,
  });
}
