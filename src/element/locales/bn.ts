/** Bengali. Load it beside the element: `<script src="https://your-site.example/assets/locales/bn.js">`, or `import 'click-to-call/locales/bn'`. */
import type { CtcStrings } from '../strings.js';
import { defineLocale } from './define-locale.js';

const askAgainNow = 'আপনি এখনই আবার কল চাইতে পারেন।';
const tryLater = 'অনুগ্রহ করে পরে আবার চেষ্টা করুন।';
const checkAndRetry = 'অনুগ্রহ করে যাচাই করে আবার চেষ্টা করুন।';
const doNotDisturb = 'এই নম্বরটি "ডু নট ডিস্টার্ব" (DND) তালিকায় আছে, তাই এতে কল করা যাবে না।';

export const bn: CtcStrings = {
  label: 'আপনার ফোন নম্বর',
  placeholder: 'যেমন 98765 43210',
  submit: 'আমাকে কল করুন',
  sending: 'কলের অনুরোধ পাঠানো হচ্ছে…',
  success: 'আমরা এখন আপনাকে কল করছি। অনুগ্রহ করে ফোনটি কাছে রাখুন।',
  successFrom: 'আমরা এখন {callerId} নম্বর থেকে আপনাকে কল করছি। অনুগ্রহ করে ফোনটি কাছে রাখুন।',
  launcher: 'কল ব্যাক নিন',
  title: 'আমরা আপনাকে ফিরে কল করব',
  close: 'বন্ধ করুন',
  consent: 'এই নম্বরে আমাকে আবার কল করায় আমি সম্মতি দিচ্ছি।',
  call: {
    completed: 'আমাদের সঙ্গে কথা বলার জন্য ধন্যবাদ।',
    'no-answer': `আমরা আপনার সঙ্গে যোগাযোগ করতে পারিনি। ${askAgainNow}`,
    busy: `আপনার লাইন ব্যস্ত ছিল। ${askAgainNow}`,
    'business-unavailable': `দুঃখিত, কেউ আপনার কল ধরতে পারেননি। ${askAgainNow}`,
    failed: `দুঃখিত, কলটি সংযুক্ত করা যায়নি। ${tryLater}`,
    cancelled: 'আপনার কল বাতিল করা হয়েছে।',
    unknown: 'কলটি কেমন হলো আমরা জানতে পারিনি। আমরা আপনার সঙ্গে যোগাযোগ না করে থাকলে আবার কল চেয়ে নিন।',
  },
  booking: {
    closed: 'আমরা এখন বন্ধ। আমরা {time} খুলব।',
    callAt: 'আমাকে এই সময়ে কল করুন',
    now: 'এখনই',
    scheduled: 'আমরা আপনাকে {time} কল করব।',
    redial: 'আমরা আপনার কাছে পৌঁছাতে পারিনি। আমরা {time} আবার চেষ্টা করব।',
  },
  errors: {
    generic: `দুঃখিত, কলটি করা যায়নি। ${tryLater}`,
    empty: 'অনুগ্রহ করে আপনার ফোন নম্বর লিখুন।',
    'consent-required': 'কলের জন্য সম্মতি দিতে অনুগ্রহ করে বাক্সে টিক দিন।',
    'not-a-number': 'এটি ফোন নম্বর বলে মনে হচ্ছে না। শুধু অঙ্ক লিখুন; চাইলে সামনে + দিতে পারেন।',
    'too-short': `নম্বরটি খুব ছোট। ${checkAndRetry}`,
    'too-long': `নম্বরটি খুব লম্বা। ${checkAndRetry}`,
    'unsupported-country': 'আমরা শুধু সমর্থিত দেশগুলোর নম্বরে কল করতে পারি।',
    'invalid-number': `এটি সঠিক ফোন নম্বর নয়। ${checkAndRetry}`,
    'network-error': 'সার্ভারের সঙ্গে যোগাযোগ করা যায়নি। আপনার ইন্টারনেট সংযোগ দেখে আবার চেষ্টা করুন।',
    timeout: 'সার্ভার সময়মতো উত্তর দেয়নি। অনুগ্রহ করে আবার চেষ্টা করুন।',
    'bad-response': `সার্ভার থেকে অপ্রত্যাশিত উত্তর এসেছে। ${tryLater}`,
    'server-error': `সার্ভারে সমস্যা হয়েছে। ${tryLater}`,
    'rate-limited-number': `এই নম্বরের জন্য ইতিমধ্যে অনেকবার কল চাওয়া হয়েছে। ${tryLater}`,
    'rate-limited-client': `আপনি ইতিমধ্যে অনেকবার কল চেয়েছেন। ${tryLater}`,
    'rate-limited-global': 'এখন খুব বেশি কলের অনুরোধ আসছে। অনুগ্রহ করে এক মিনিট পরে আবার চেষ্টা করুন।',
    'duplicate-submission': 'আমরা ইতিমধ্যে এই নম্বরে কল করছি। আবার অনুরোধ করার আগে একটু অপেক্ষা করুন।',
    'verification-failed': 'আপনি মানুষ কি না, আমরা তা নিশ্চিত করতে পারিনি। যাচাইটি সম্পূর্ণ করে আবার চেষ্টা করুন।',
    'destination-unavailable': `এখন আপনার কল ধরার মতো কেউ নেই। ${tryLater}`,
    closed: 'আমরা এখন বন্ধ। আমাদের খোলা থাকার সময়ে কল চেয়ে নিন।',
    '1520': 'এটি আমাদের নিজেদের নম্বর। যে নম্বরে আমরা আপনাকে কল করব, সেটি লিখুন।',
    '1573': doNotDisturb,
    '1574': doNotDisturb,
  },
};

defineLocale('bn', bn);
