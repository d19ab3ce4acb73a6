// What the load benches share: running the load generator on its own core, starting the servers
// under test on another, and reading a process's CPU time.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startNodeScript } from '../scripts/processes.js';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether this machine can pin processes to cores (Linux with taskset and two cores or more).
 * Inside the pinned re-run, availableParallelism() sees only its own core: the parent's finding is
 * trusted then.
 */
export const pinned = process.env.BENCH_PINNED === '1' || (availableParallelism() >= 2 && hasTaskset());

/**
 * Runs the calling script again on CPU 1, as the load generator, and exits with it; returns at
 * once where it already runs there or cannot be pinned. The servers under test then take CPU 0
 * alone: unpinned, three processes fought over two cores and the figures said more about the
 * scheduler than about the servers.
 */
export function runOnLoadCore(): void {
  if (!pinned || process.env.BENCH_PINNED) return;
  execFileSync('taskset', ['-c', '1', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exit(0);
}

/** Starts a server under test on `cpu` (where pinning works), its log discarded. */
export async function startServer(script: string, env: Record<string, string>, ready: RegExp, cpu: number): Promise<ChildProcess> {
  const prefix = pinned ? ['taskset', '-c', String(cpu)] : [];
  return (await startNodeScript(script, { env, ready, prefix, captureStderr: false })).child;
}

/** A process's user and system CPU time so far, in microseconds, where /proc exists. */
export function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** The middle value; NaN when there is none, so that a figure that was never measured fails its check. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
