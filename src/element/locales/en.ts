import { browserMessages } from '../../core/messages.js';
import type { CtcStrings } from '../strings.js';

export const en: CtcStrings = {
  label: 'Your phone number',
  placeholder: 'e.g. 98765 43210',
  submit: 'Call me',
  sending: 'Requesting a call…',
  success: 'We are calling you now. Please keep your phone close.',
  errors: browserMessages,
};
