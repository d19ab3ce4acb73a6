import '../src/element/register.js';
// The demo shows every language: each is a file of its own, as a page would load it.
import '../src/element/locales/hi.js';
import '../src/element/locales/ta.js';
import '../src/element/locales/bn.js';
// And booking for later, a file of its own too.
import '../src/element/booking.js';

const log = document.querySelector<HTMLOListElement>('#log')!;
const calls = document.querySelector<HTMLOListElement>('#calls')!;
const mode = document.querySelector<HTMLParagraphElement>('#mode')!;
const timeline = document.querySelector<HTMLOListElement>('#timeline')!;
const availability = document.querySelector<HTMLParagraphElement>('#availability')!;
const webhooks = document.querySelector<HTMLOListElement>('#webhooks')!;

function addLine(list: HTMLOListElement, text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  list.prepend(item);
}

for (const type of ['ctc-submit', 'ctc-status', 'ctc-success', 'ctc-error', 'ctc-call', 'ctc-open', 'ctc-close'] as const) {
  document.addEventListener(type, (event) => {
    const source = (event.target as HTMLElement).id;
    const time = new Date().toLocaleTimeString();
    addLine(log, `${time} #${source} ${type} ${JSON.stringify(event.detail)}${explanation(event)}`);
    if (type === 'ctc-success') void showProviderCalls();
  });
}

/** One line per request, its states appended as they come: `#plain 10:04:01 call-… → calling → completed (12 s talk)`. */
const lineOf = new Map<string, HTMLLIElement>();
document.addEventListener('ctc-success', ({ detail, target }) => {
  const source = (target as HTMLElement).id;
  const line = document.createElement('li');
  const booked = detail.response.status === 'scheduled' ? `booked for ${new Date(detail.response.scheduledAt).toLocaleTimeString()}` : '';
  line.textContent = `#${source} ${new Date().toLocaleTimeString()} ${detail.callId ?? booked}`;
  timeline.prepend(line);
  lineOf.set(source, line);
});
document.addEventListener('ctc-call', ({ detail, target }) => {
  const line = lineOf.get((target as HTMLElement).id);
  if (!line) return;
  const talk = detail.talkSeconds === undefined ? '' : ` (${detail.talkSeconds} s talk)`;
  const when = detail.scheduledAt ? ` for ${new Date(detail.scheduledAt).toLocaleTimeString()}` : '';
  const attempt = detail.attempts && detail.attempts > 1 && detail.state === 'calling' ? ` (attempt ${detail.attempts})` : '';
  line.textContent += ` → ${detail.state}${when}${attempt} ${new Date(detail.updatedAt).toLocaleTimeString()}${talk}`;
  line.dataset.state = detail.state;
});

/**
 * A refusal shows in the browser's console as a failed request, in red; the log says that this
 * is the proxy doing its job, not the demo breaking.
 */
function explanation(event: Event): string {
  if (event.type !== 'ctc-error') return '';
  const { status } = (event as CustomEvent<{ status?: number }>).detail;
  if (status === undefined) return ' (found in the browser: no request was made)';
  return ` (the proxy refused with HTTP ${status}; the console shows that request in red, as browsers show every refusal)`;
}

document.querySelector('#reset-limits')?.addEventListener('click', async () => {
  const said = document.querySelector<HTMLElement>('#reset-said')!;
  const response = await fetch('/simulator/reset', { method: 'POST' }).catch(() => undefined);
  said.textContent = response?.ok ? 'Limits reset: every number and this browser may ask again.' : 'The limits could not be reset.';
  void showProviderCalls();
});

document.querySelector('#clear-log')!.addEventListener('click', () => log.replaceChildren());

interface SimulatedCalls {
  simulated: boolean;
  calls: { callId: string; from: string; to: string; fromType: string; toType: string; options: Record<string, string> }[];
}

async function showProviderCalls(): Promise<void> {
  const record = (await (await fetch('/simulator/calls')).json()) as SimulatedCalls;
  calls.replaceChildren();
  if (!record.simulated) {
    addLine(calls, 'Live mode: calls go to the real provider; see its panel for the record.');
    return;
  }
  for (const call of record.calls) {
    addLine(calls, `${call.callId}: rang ${call.fromType} ${call.from}, then ${call.toType} ${call.to} ${JSON.stringify(call.options)}`);
  }
}

async function showMode(): Promise<void> {
  try {
    const health = (await (await fetch('/healthz')).json()) as { mode: string };
    mode.dataset.mode = health.mode;
    // Resetting the limits is for trying the demo, so only where no phone rings.
    document.querySelector<HTMLElement>('#reset-area')!.hidden = health.mode !== 'simulator';
    mode.textContent =
      health.mode === 'simulator'
        ? 'Simulator mode: the proxy talks to a built-in stand-in for the provider, so no phone rings.'
        : 'LIVE mode: the proxy has real credentials. Submitting a number places a real call.';
  } catch {
    mode.textContent = 'The proxy does not answer on /healthz.';
  }
}

/** The business's side: its availability now, and the signed webhooks its receiver got. */
async function showBusiness(): Promise<void> {
  try {
    const now = (await (await fetch('/availability')).json()) as { open: boolean; slots: string[] };
    const next = now.slots.slice(0, 3).map((slot) => new Date(slot).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }));
    availability.textContent = `${now.open ? 'Open now' : 'Closed now'}; bookable ${next.join(', ')}, … (${now.slots.length} slots)`;
    const { events } = (await (await fetch('/demo/events')).json()) as {
      events: { id: string; type: string; state: string; phone: string; verified: boolean; at: string }[];
    };
    webhooks.replaceChildren();
    for (const event of events) {
      const item = document.createElement('li');
      item.textContent = `${new Date(event.at).toLocaleTimeString()} ${event.type} ${event.state} ${event.phone} ${event.verified ? 'signature verified' : 'SIGNATURE INVALID'} (${event.id})`;
      item.dataset.type = event.type;
      webhooks.append(item);
    }
  } catch {
    availability.textContent = 'The proxy does not answer on /availability.';
  }
}

void showMode();
void showProviderCalls();
void showBusiness();
setInterval(() => void showBusiness(), 2000);
