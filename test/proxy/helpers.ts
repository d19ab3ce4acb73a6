import type { Job, JobRunner, Scheduler } from '../../src/proxy/business/scheduler.js';
import { createClickToCallHandler } from '../../src/proxy/handler.js';
import type { RequestLogEntry } from '../../src/proxy/http/log.js';
import type { ClickToCallOptions } from '../../src/proxy/options.js';
import { ProviderSimulator } from '../../src/simulator/simulator.js';

export const proxyUrl = 'https://shop.example/call';
// Made afresh for each run: no credential is written in the repository, not even a test's.
export const secretToken = `tok_${crypto.randomUUID().replaceAll('-', '')}`;
/** A credential made up for one test (a wrong token, a CAPTCHA's secret), different in every run. */
export const madeUpSecret = (what: string) => `${what}-${crypto.randomUUID()}`;
export const secretUserId = '4815162342';
export const destination = '9123456780';

/** Every response any handler of these helpers gave, for the tests that search them for the credentials. */
export const everyResponse: { headers: string; body: string }[] = [];

/** A handler wired to an in-process simulator, with every response and log line kept for inspection. */
export function setup(overrides: Partial<ClickToCallOptions> = {}) {
  const simulator = new ProviderSimulator({ userId: secretUserId, token: secretToken });
  const logs: RequestLogEntry[] = [];
  const responses: { headers: string; body: string }[] = [];
  const handler = createClickToCallHandler({
    userId: secretUserId,
    token: secretToken,
    destination,
    fetch: simulator.fetch,
    log: (entry) => logs.push(entry),
    upstreamTimeoutMs: 500,
    ...overrides,
  });

  async function send(request: Request, context?: { clientAddress?: string }) {
    const response = await handler(request, context);
    const text = await response.text();
    const record = { headers: JSON.stringify([...response.headers]), body: text };
    responses.push(record);
    everyResponse.push(record);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // 204s and non-JSON answers have no body to read.
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** POSTs a JSON body as a same-origin browser would, unless `init` says otherwise. */
  function post(body: unknown, init: { headers?: Record<string, string>; raw?: string; url?: string } = {}) {
    return send(
      new Request(init.url ?? proxyUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example', ...init.headers },
        body: init.raw ?? JSON.stringify(body),
      }),
    );
  }

  return { simulator, handler, logs, responses, send, post };
}

/**
 * A Scheduler whose jobs run when the test says, whatever their time: the handler's logic of
 * booked calls and redials, without waiting for the clock. `autoRun` runs each job as it is added.
 */
export class ManualScheduler implements Scheduler {
  readonly kind = 'memory';
  readonly jobs = new Map<string, Job>();
  runner: JobRunner | undefined;
  autoRun = false;

  async add(job: Job): Promise<void> {
    if (this.jobs.has(job.id)) return;
    this.jobs.set(job.id, job);
    if (this.autoRun) setTimeout(() => void this.run(job.id).catch(() => {}), 0);
  }

  async remove(id: string): Promise<void> {
    this.jobs.delete(id);
  }

  async start(run: JobRunner): Promise<void> {
    this.runner = run;
  }

  async close(): Promise<void> {}

  /** Runs one job now (it stays known, so a test can run it again, as a second instance would). */
  run(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job || !this.runner) throw new Error(`no job ${id}`);
    return this.runner(job.data);
  }

  /** The ids of the jobs of one kind, oldest first. */
  ids(kind: Job['data']['kind']): string[] {
    return [...this.jobs.values()].filter((job) => job.data.kind === kind).map((job) => job.id);
  }
}

/** Waits until `check` holds, for work that goes on after an answer (a report applied, a job run). */
export async function until(check: () => Promise<boolean> | boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
