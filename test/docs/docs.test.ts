import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import {
  businessErrorCodes,
  clientErrorCodes,
  phoneErrorCodes,
  protectionErrorCodes,
  requestErrorCodes,
  upstreamErrorCodes,
} from '../../src/core/codes.js';
import { statusOf } from '../../src/proxy/http/answers.js';
import { callStateTable } from '../../src/proxy/provider/call-states.js';
import { environmentVariables } from '../../src/proxy/runtime/environment.js';

/*
 * The docs held to the code: what a user reads must be what the code does, and no page or
 * comment may send a reader to a file that is not there.
 */
const read = (path: string) => readFileSync(path, 'utf8');
const docs = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Every file under `folder` whose name ends with one of `endings`, node_modules and build output aside. */
function filesUnder(folder: string, endings: string[]): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (['node_modules', 'dist', 'test-results', 'playwright-report'].includes(name)) return [];
    if (statSync(path).isDirectory()) return filesUnder(path, endings);
    return endings.some((ending) => name.endsWith(ending)) ? [path] : [];
  });
}

describe('the docs', () => {
  it('list every error code in the contract, each in the row of the status it is answered with', () => {
    const contract = read('docs/contract.md');
    const statusOfRow = new Map<string, string>();
    for (const row of contract.split('\n').filter((line) => /^\| \d{3} \|/.test(line))) {
      const [, status, codes] = row.split('|').map((cell) => cell.trim());
      for (const [, code] of codes!.matchAll(/`([^`]+)`/g)) statusOfRow.set(code!, status!);
    }
    for (const code of [...phoneErrorCodes, ...requestErrorCodes, ...upstreamErrorCodes, ...protectionErrorCodes, ...businessErrorCodes]) {
      assert.equal(statusOfRow.get(code), String(statusOf(code)), `docs/contract.md lists ${code} under HTTP ${statusOf(code)}`);
    }
    for (const code of clientErrorCodes) assert.match(contract, new RegExp(`\\| \`${code}\` \\|`), `docs/contract.md lists ${code}`);
  });

  it("show the push report's callStatus table as the code reads it, for both call orders", () => {
    const rows = read('docs/contract.md')
      .split('\n')
      .filter((line) => /^\| \d{1,2} \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')));
    const documented = Object.fromEntries(rows.map(([, code, , visitorFirst, businessFirst]) => [code, { visitorFirst, businessFirst }]));
    assert.deepEqual(documented, Object.fromEntries(Object.entries(callStateTable).map(([code, row]) => [code, { ...row }])));
  });

  it('name every environment variable the proxy reads in the proxy page', () => {
    const page = read('docs/proxy.md');
    for (const { name } of environmentVariables) assert.ok(page.includes(`\`${name}\``), `docs/proxy.md names ${name}`);
  });

  it('keep the README a front door of at most 8 KB', () => {
    assert.ok(statSync('README.md').size <= 8192, `README.md is ${statSync('README.md').size} bytes`);
  });

  it('link only to files that exist', () => {
    for (const page of docs) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        const file = join(dirname(page), target!.split('#')[0]!);
        assert.ok(existsSync(file), `${page} links to ${target}, which is not there`);
      }
    }
  });

  it('leave no comment in the code pointing at a file that is not in the repository', () => {
    const sources = ['src', 'test', 'scripts', 'bench', 'demo', 'examples'].flatMap((folder) =>
      filesUnder(folder, ['.ts', '.tsx', '.mjs', '.js', '.vue', '.html', '.css']),
    );
    const names = new Set([...sources, ...docs, ...filesUnder('.', ['.json', '.md'])].map((path) => basename(path)));
    const missing: string[] = [];
    for (const source of sources) {
      const comments = read(source).match(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->/g) ?? [];
      // A path is read from the file's own folder, or any folder above it up to the repository's root.
      const folders = dirname(source)
        .split('/')
        .map((_, index, parts) => parts.slice(0, index + 1).join('/'));
      for (const comment of comments) {
        for (const [path] of comment.matchAll(
          /(?<![\w/.:@-])(?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:ts|tsx|mjs|js|json|md|png|html|css|vue)\b/g,
        )) {
          // Build output and generated files are not in the repository by design, nor package paths.
          if (/^(dist|node_modules|test-results|bench\/results)\//.test(path) || path.startsWith('click-to-call/')) continue;
          const found = path.includes('/') ? ['.', ...folders].some((folder) => existsSync(join(folder, path))) : names.has(path);
          if (!found) missing.push(`${relative('.', source)}: ${path}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });
});
