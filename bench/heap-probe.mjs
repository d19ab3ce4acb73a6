// Loaded into a proxy under soak (node --expose-gc --import ./bench/heap-probe.mjs): every 5 s it
// collects garbage and prints the heap in use, so bench/soak.ts can tell a leak from the heap
// growing to its working size, which the process's resident memory alone cannot.
setInterval(() => {
  globalThis.gc?.();
  process.stderr.write(`${JSON.stringify({ soakHeapBytes: process.memoryUsage().heapUsed })}\n`);
}, 5000).unref();
