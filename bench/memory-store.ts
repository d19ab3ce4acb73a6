// Memory of the default in-memory store after a flood of one million distinct client addresses,
// each hitting the per-client limit once (as a botnet spreading requests across addresses would).
// Run: npm run bench:memory   (needs --expose-gc, which the script sets)
import { MemoryStore } from '../src/proxy/protection/stores/memory.js';

const addresses = Number(process.env.BENCH_ADDRESSES ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory does)');

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
gc();
const before = process.memoryUsage().heapUsed;
const store = new MemoryStore();
const started = performance.now();
for (let i = 0; i < addresses; i++) {
  const address = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}-${i >>> 24}`;
  await store.hit([{ key: `limit:client:${address}`, limit: 10, windowMs: 3_600_000 }]);
}
const seconds = (performance.now() - started) / 1000;
gc();
const after = process.memoryUsage().heapUsed;
console.log(`| distinct client addresses | keys held | heap growth | time |`);
console.log(`|---|---|---|---|`);
console.log(
  `| ${addresses.toLocaleString('en')} | ${store.size.toLocaleString('en')} (bound: 100,000) | ${megabytes(after - before)} | ${seconds.toFixed(1)} s (${((seconds / addresses) * 1e6).toFixed(1)} µs per hit) |`,
);
await store.close();
