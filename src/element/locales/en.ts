import { browserMessages } from '../../core/messages.js';
import type { CtcStrings } from '../strings.js';

export const en: CtcStrings = {
  label: 'Your phone number',
  placeholder: 'e.g. 98765 43210',
  submit: 'Call me',
  sending: 'Requesting a call…',
  success: 'We are calling you now. Please keep your phone close.',
  successFrom: 'We are calling you now from {callerId}. Please keep your phone close.',
  launcher: 'Call me back',
  title: 'We will call you back',
  close: 'Close',
  consent: 'I agree to be called back on this number.',
  call: {
    completed: 'Thanks for talking to us.',
    'no-answer': 'We could not reach you. You can ask for another call now.',
    busy: 'Your line was busy. You can ask for another call now.',
    'business-unavailable': 'Sorry, nobody could take your call. You can ask for another call now.',
    failed: 'Sorry, the call could not be connected. Please try again later.',
    cancelled: 'Your call was cancelled.',
    unknown: 'We could not tell how the call went. If we missed you, please ask again.',
  },
  errors: browserMessages,
};
