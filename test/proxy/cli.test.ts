import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { startNodeScript } from '../../scripts/processes.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';
import { until } from './helpers.js';

// Made afresh for each run: no credential is written in the repository, not even a test's.
const account = { userId: '2718281828', token: `cli-${crypto.randomUUID()}` };

/** Starts `click-to-call-proxy` as a child process on a free port and waits for its first line. */
async function startCli(env: Record<string, string>) {
  const started = await startNodeScript('src/proxy/runtime/cli.ts', { env: { PORT: '0', ...env }, ready: /listening on (http:\S+)/ });
  return { child: started.child, url: started.match!, output: started.output };
}

const post = (url: string, phone: string) =>
  fetch(`${url}/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) });

describe('the command-line proxy', () => {
  const simulator = new ProviderSimulator(account);
  let simulatorServer: Awaited<ReturnType<typeof serveSimulator>>;
  let liveEnv: Record<string, string>;

  before(async () => {
    simulatorServer = await serveSimulator(simulator);
    liveEnv = {
      SARV_USER_ID: account.userId,
      SARV_TOKEN: account.token,
      SARV_API_URL: simulatorServer.endpoint,
      CTC_DESTINATION: '9123456780',
    };
  });
  after(() => {
    simulatorServer.server.closeAllConnections();
    simulatorServer.server.close();
  });

  it('places one call end to end through the provider at SARV_API_URL', async () => {
    simulator.reset();
    const cli = await startCli(liveEnv);
    try {
      assert.match(cli.output(), /LIVE: calls are placed through 127\.0\.0\.1:\d+ to Number 9123456780/);
      const health = await fetch(`${cli.url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', mode: 'live', scheduler: { kind: 'memory', survivesRestart: false } });
      const answer = await post(cli.url, '+91 98765 43210');
      const body = (await answer.json()) as { status: string; callId: string };
      assert.equal(answer.status, 200);
      assert.equal(body.status, 'success');
      assert.equal(simulator.calls.length, 1);
      assert.deepEqual(
        [simulator.calls[0]!.callId, simulator.calls[0]!.from, simulator.calls[0]!.to],
        [body.callId, '9876543210', '9123456780'],
      );
      // The log lines of a turn of the event loop leave together, just after the answers.
      const logLine = () =>
        cli
          .output()
          .split('\n')
          .find((line) => line.startsWith('{'));
      await until(() => logLine() !== undefined, "the request's log line", 2000);
      assert.equal(JSON.parse(logLine()!).outcome, 'success');
      assert.ok(!cli.output().includes(account.token), 'the token is never printed');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('finishes the requests under way on SIGTERM, then exits cleanly', async () => {
    simulator.reset();
    simulator.misbehave({ kind: 'delay', ms: 700 });
    const cli = await startCli(liveEnv);
    const inFlight = post(cli.url, '9876543210');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = once(cli.child, 'exit');
    cli.child.kill('SIGTERM');
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    const [code] = await exited;
    assert.equal(code, 0);
    assert.match(cli.output(), /SIGTERM: finishing the requests under way/);
    await assert.rejects(fetch(`${cli.url}/healthz`));
    simulator.misbehave(undefined);
  });

  it('says on start that it runs against the simulator when no credentials are set', async () => {
    const cli = await startCli({});
    try {
      assert.match(cli.output(), /SIMULATOR MODE/);
      const answer = await post(cli.url, '9876543210');
      assert.equal(answer.status, 200);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('refuses to start with a bad setting, naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/runtime/cli.ts'], {
      env: { PATH: process.env.PATH!, PORT: '0', CTC_CALL_FIRST: 'whoever' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(errors, /CTC_CALL_FIRST must be visitor or destination/);
  });
});
