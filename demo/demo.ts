import '../src/element/register.js';
// The demo shows every language: each is a file of its own, as a page would load it.
import '../src/element/locales/hi.js';
import '../src/element/locales/ta.js';
import '../src/element/locales/bn.js';

const log = document.querySelector<HTMLOListElement>('#log')!;
const calls = document.querySelector<HTMLOListElement>('#calls')!;
const mode = document.querySelector<HTMLParagraphElement>('#mode')!;
const timeline = document.querySelector<HTMLOListElement>('#timeline')!;

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

/** One line per call, its states appended as they come: `calling 10:04:01 → completed 10:04:04 (12 s talk)`. */
document.addEventListener('ctc-call', ({ detail }) => {
  // A booked call has no call id until it is placed.
  const callId = detail.callId ?? 'booked';
  const id = `call-${callId}`;
  let line = timeline.querySelector<HTMLLIElement>(`[data-call="${CSS.escape(callId)}"]`);
  if (!line) {
    line = document.createElement('li');
    line.dataset.call = callId;
    line.id = id;
    line.textContent = callId;
    timeline.prepend(line);
  }
  const talk = detail.talkSeconds === undefined ? '' : ` (${detail.talkSeconds} s talk)`;
  line.textContent += ` → ${detail.state} ${new Date(detail.updatedAt).toLocaleTimeString()}${talk}`;
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

void showMode();
void showProviderCalls();
