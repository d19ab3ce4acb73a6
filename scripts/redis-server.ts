import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import { freePort } from './processes.js';
export { freePort };

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
    /** More of redis-server's options, such as a cluster node's. */
    readonly options: readonly string[] = [],
  ) {}

  /** How the proxy's Redis parts are told where this server is. */
  get connection(): { url: string } {
    return { url: this.url };
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistIn
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistIn]
      : ['--appendonly', 'no'];
    const command = [
      ...this.prefix,
      redisServerPath(),
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...persistence,
      ...this.options,
    ];
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

/** redis-cli beside redis-server, as Debian's package installs them. */
const redisCliPath = () => redisServerPath().replace(/redis-server$/, 'redis-cli');
const runCli = async (args: string[]) => (await promisify(execFile)(redisCliPath(), args, { encoding: 'utf8' })).stdout.trim();

/**
 * A throwaway Redis Cluster of three masters (no replicas) on loopback ports, each slot range on
 * one of them, joined by `redis-cli --cluster create`. A master can be stopped and started again
 * on its port with its cluster state, as a failed and repaired machine would come back. The node
 * timeout is short (2 s), so the cluster notices a dead master in the time of a test.
 */
export class TestRedisCluster {
  readonly nodes: TestRedis[] = [];
  readonly #folder = mkdtempSync(join(tmpdir(), 'ctc-redis-cluster-'));

  get connection(): { clusterUrls: string[] } {
    return { clusterUrls: this.nodes.map((node) => node.url) };
  }

  async start(): Promise<void> {
    for (let index = 0; index < 3; index++) {
      const port = await freePort();
      const options = ['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000', '--dir', this.#folder];
      this.nodes.push(new TestRedis(port, [], undefined, [...options, '--cluster-config-file', `nodes-${port}.conf`]));
    }
    await Promise.all(this.nodes.map((node) => node.start()));
    await runCli(['--cluster', 'create', ...this.nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-yes']);
    await this.untilHealthy();
  }

  /** Waits until every node says the cluster is ok: every slot has a master that answers. */
  async untilHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(this.nodes.map((node) => runCli(['-p', String(node.port), 'CLUSTER', 'INFO']).catch(() => '')));
      if (states.every((info) => info.includes('cluster_state:ok'))) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The master that holds `key`'s slot: the one node that answers for it rather than redirecting. */
  async masterOf(key: string): Promise<TestRedis> {
    for (const node of this.nodes) {
      const answer = await runCli(['-p', String(node.port), 'EXISTS', key]);
      if (!answer.startsWith('MOVED')) return node;
    }
    throw new Error(`no master answers for ${key}`);
  }

  /** Whether the cluster holds `key`, asked of the master of its slot. */
  async holds(key: string): Promise<boolean> {
    const master = await this.masterOf(key);
    return (await runCli(['-p', String(master.port), 'EXISTS', key])) === '1';
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    rmSync(this.#folder, { recursive: true, force: true });
  }
}
