import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

/** Runs `code` in a fresh Node process with the default logger imported; its stderr, split in lines. */
function stderrOf(code: string) {
  const script = `import { jsonLineLogger as log } from './src/proxy/http/log.ts';\n${code}`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr.split('\n').filter(Boolean);
}

const entry = (n: number) =>
  `({ time: 't', method: 'POST', path: '/call', status: 400, outcome: 'refused', code: 'invalid-json', latencyMs: ${n} })`;

describe('the default request log', () => {
  it('writes every line, in order, one JSON document per line', () => {
    const lines = stderrOf(`for (let n = 0; n < 50; n++) log({ ...${entry(0)}, latencyMs: n });`);
    assert.deepEqual(
      lines.map((line) => JSON.parse(line).latencyMs),
      Array.from({ length: 50 }, (_, n) => n),
    );
  });

  it('loses no line when the process exits in the same turn that logged it', () => {
    const lines = stderrOf(`log(${entry(1)}); log(${entry(2)}); process.exit(0);`);
    assert.deepEqual(
      lines.map((line) => JSON.parse(line).latencyMs),
      [1, 2],
    );
  });

  it('writes the lines of one turn together, and a later turn on its own', () => {
    // Counts the writes that reach stderr: batching is what keeps a flood's log cheap.
    const lines = stderrOf(`
      const write = process.stderr.write.bind(process.stderr);
      let writes = 0;
      process.stderr.write = (text) => { writes += 1; return write(text); };
      for (let n = 0; n < 10; n++) log(${entry(3)});
      setTimeout(() => { log(${entry(4)}); setTimeout(() => write('writes ' + writes + '\\n'), 10); }, 10);
    `);
    assert.equal(lines.at(-1), 'writes 2');
    assert.equal(lines.length, 12);
  });
});
