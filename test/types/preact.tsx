/** @jsxImportSource preact */
/*
 * Type-level tests of the Preact declarations, checked by `npm test`'s type-check: JSX that a
 * Preact app writes, and what it must refuse.
 */
import '../../src/element/preact.js';

export const inPreact = (
  <click-to-call
    proxyUrl="/call"
    ringTime={20}
    strings={{ submit: 'Ring me' }}
    onctc-success={(event) => event.detail.callId?.toUpperCase()}
    onctc-call={(event) => event.detail.state}
  />
);
export const byAttribute = <click-to-call proxy-url="/call" class="callback" />;
// @ts-expect-error ring time is a number of seconds
export const wrongType = <click-to-call ringTime="20" />;
// @ts-expect-error the detail of ctc-error has no callId
export const wrongEvent = <click-to-call onctc-error={(event) => event.detail.callId} />;
