import type { ClickToCall } from './click-to-call.js';
import type { CtcErrorDetail, CtcStatusDetail, CtcSubmitDetail, CtcSuccessDetail } from './events.js';

/** The element's settable properties, as frameworks pass them. */
export type ClickToCallProps = Partial<
  Pick<
    ClickToCall,
    | 'proxyUrl' | 'country' | 'countries' | 'lang' | 'disabled' | 'fromType' | 'toType' | 'fromStrategy' | 'toStrategy'
    | 'ringTime' | 'fromRingTime' | 'toRingTime' | 'timeLimit' | 'fromRetryCount' | 'toRetryCount' | 'timeout'
    | 'cooldown' | 'label' | 'placeholder' | 'submitLabel' | 'sendingLabel' | 'successMessage' | 'strings'
  >
>;

/** The element's events by name. */
export interface ClickToCallEvents {
  'ctc-submit': CustomEvent<CtcSubmitDetail>;
  'ctc-success': CustomEvent<CtcSuccessDetail>;
  'ctc-error': CustomEvent<CtcErrorDetail>;
  'ctc-status': CustomEvent<CtcStatusDetail>;
}
