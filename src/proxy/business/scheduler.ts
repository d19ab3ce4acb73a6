/** Work for later: placing a booked call (or its next redial attempt), or delivering a webhook again. */
export type JobData =
  | { kind: 'place'; token: string; attempt: number }
  | { kind: 'webhook'; id: string; callId: string; body: string; attempt: number };

export interface Job {
  /** Unique per piece of work: adding a job whose id is known does nothing, so a job is added once however often it is asked. */
  id: string;
  /** When it is due (ms since the epoch). */
  runAt: number;
  data: JobData;
}

export type JobRunner = (data: JobData) => Promise<void>;

/**
 * Where jobs wait for their time. A runner that throws has its job tried again a few times, a
 * little later each time (store outages are short); the runner itself decides what a job that
 * runs twice may do, since a crash between the work and its acknowledgement repeats it.
 */
export interface Scheduler {
  /** `memory` (lost with the process) or `redis` (a BullMQ queue: survives restarts, shared by instances). */
  readonly kind: 'memory' | 'redis';
  add(job: Job): Promise<void>;
  /** Drops a job that has not started; a job unknown or under way is left alone. */
  remove(id: string): Promise<void>;
  /** Starts running due jobs with `run`. Jobs added before wait for it. */
  start(run: JobRunner): Promise<void>;
  close(): Promise<void>;
}

/** The waits before the second, third, ... try of a job whose runner threw. */
export const jobRetryDelaysMs: readonly number[] = [5_000, 20_000, 60_000, 300_000];

/** The longest a platform timer may wait; a later job is re-armed on the way. */
const longestTimerMs = 2 ** 31 - 1;

/**
 * Jobs in this process's memory, on timers that keep no process alive. Fine for one instance that
 * may lose its bookings on restart (`/healthz` says so); several instances, or bookings that must
 * survive, need the Redis queue.
 */
export class MemoryScheduler implements Scheduler {
  readonly kind = 'memory';
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #retryDelaysMs: readonly number[];
  #run: JobRunner | undefined;

  constructor(retryDelaysMs: readonly number[] = jobRetryDelaysMs) {
    this.#retryDelaysMs = retryDelaysMs;
  }

  async add(job: Job): Promise<void> {
    if (!this.#timers.has(job.id)) this.#arm(job, job.runAt, 0);
  }

  async remove(id: string): Promise<void> {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  async start(run: JobRunner): Promise<void> {
    this.#run = run;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #arm(job: Job, at: number, failures: number): void {
    const wait = Math.min(Math.max(0, at - Date.now()), longestTimerMs);
    const timer = setTimeout(() => void this.#fire(job, at, failures), wait);
    (timer as { unref?: () => void }).unref?.();
    this.#timers.set(job.id, timer);
  }

  async #fire(job: Job, at: number, failures: number): Promise<void> {
    if (Date.now() < at || !this.#run) return this.#arm(job, Math.max(at, Date.now() + 1000), failures);
    this.#timers.delete(job.id);
    try {
      await this.#run(job.data);
    } catch {
      const delay = this.#retryDelaysMs[failures];
      if (delay !== undefined) this.#arm(job, Date.now() + delay, failures + 1);
    }
  }
}
