// The baseline for bench/refusals.ts: a bare Node server that answers every POST with a 403 JSON
// body, reading nothing and checking nothing.
import { createServer } from 'node:http';

const body = '{"status":"error","code":"origin-not-allowed","message":"Calls cannot be requested from this website."}';
createServer((_request, response) => {
  response.writeHead(403, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${process.env.PORT}`));
