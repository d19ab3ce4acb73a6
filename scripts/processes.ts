// Starting this project's Node scripts as child processes, for the tests, the benches and the
// screenshots: run a script (TypeScript through tsx, JavaScript as it is) and wait until it prints
// the line that says it is ready.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StartOptions {
  /** Added to a PATH-only environment, so nothing of the caller's leaks in by accident. */
  env?: Record<string, string>;
  /** The line that says the script is ready; its first group, if any, is returned as `match`. */
  ready: RegExp;
  /** Put in front of the command, e.g. `['taskset', '-c', '0']`. */
  prefix?: string[];
  /** Node's own flags, e.g. `['--expose-gc']`. */
  nodeFlags?: string[];
  /** Keep stderr in `output()`. Off for servers that log every request under load. */
  captureStderr?: boolean;
  timeoutMs?: number;
}

export interface StartedScript {
  child: ChildProcess;
  /** The ready pattern's first group (a URL, typically). */
  match: string | undefined;
  /** Everything printed so far. */
  output: () => string;
}

export async function startNodeScript(script: string, options: StartOptions): Promise<StartedScript> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const command = [...(options.prefix ?? []), process.execPath, ...(options.nodeFlags ?? []), ...loader, script];
  const child = spawn(command[0]!, command.slice(1), {
    env: { PATH: process.env.PATH!, ...options.env },
    stdio: ['ignore', 'pipe', options.captureStderr === false ? 'ignore' : 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let found = options.ready.exec(output);
  while (!found) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = options.ready.exec(output);
  }
  return { child, match: found[1], output: () => output };
}
