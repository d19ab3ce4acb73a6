// The baseline for bench/refusals.ts: a bare Node server that answers every POST with a 403 JSON
// body, reading nothing and checking nothing. BARE_WORK_US makes it busy that many microseconds
// before each answer, to see what this bench charges a server for being slower than its load.
import { createServer } from 'node:http';

const body = '{"status":"error","code":"origin-not-allowed","message":"Calls cannot be requested from this website."}';
const workMs = Number(process.env.BARE_WORK_US ?? 0) / 1000;
createServer((_request, response) => {
  for (const until = performance.now() + workMs; performance.now() < until; );
  response.writeHead(403, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${process.env.PORT}`));
