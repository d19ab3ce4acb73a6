import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
export { freePort } from './processes.js';

/** Finds redis-server; `npm test` installs Debian's package first when it runs as root on Debian. */
export function redisServerPath(): string {
  const candidates = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error('redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_SERVER');
  return found;
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A throwaway redis-server on a loopback port, stopped by stop(). For the tests and the benches;
 * `prefix` goes in front of the command (`['taskset', '-c', '1']`). Without `persistIn` it keeps
 * nothing across a restart; with it, an append-only file in that folder, written on every
 * command, keeps every key as a production Redis would.
 */
export class TestRedis {
  #process: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly prefix: readonly string[] = [],
    readonly persistIn?: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistIn
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistIn]
      : ['--appendonly', 'no'];
    const command = [...this.prefix, redisServerPath(), '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence];
    this.#process = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(this.port))) {
      if (Date.now() > deadline || this.#process.exitCode !== null) throw new Error(`redis-server did not start on ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    const running = this.#process;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGKILL');
    await once(running, 'exit');
  }
}
