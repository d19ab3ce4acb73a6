// The third server of bench/refusals.ts: the bare server plus only the checks that the contract
// puts before the limits (docs/security.md), with the proxy's own code: read the body, parse it
// as JSON, check it with the proxy's zod schema and the number with libphonenumber-js, then
// answer with the code they found, or with the limit's when they found nothing. No route, origin
// check, limits, idempotency or log line. A client past its limit may only be told so after
// these checks, so what this server keeps of the bare server's rate is the most that any proxy
// giving the same answers, with these libraries, could keep.
import { createServer } from 'node:http';
import { nodeHeader, readNodeBody } from '../../src/node/http.js';
import { checkCallRequest } from '../../src/proxy/checks/call-request.js';
import { errorAnswer } from '../../src/proxy/http/answers.js';
import { readJsonBody } from '../../src/proxy/http/body.js';
import { resolveOptions } from '../../src/proxy/options.js';

// The handler's defaults, which the command-line proxy runs with when nothing is configured:
// numbers of India, any type, no consent asked.
const policy = resolveOptions({ userId: '1', token: crypto.randomUUID(), destination: '9123456780' });

createServer(async (incoming, outgoing) => {
  // Only what reading the body needs: no URL, no web Request.
  const call = { header: (name: string) => nodeHeader(incoming, name), body: (limit: number) => readNodeBody(incoming, limit) };
  const body = await readJsonBody(call, policy.maxBodyBytes);
  const verdict = body.ok ? checkCallRequest(body.json, policy) : body;
  const answer = errorAnswer(verdict.ok ? 'rate-limited-client' : verdict.code);
  outgoing.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(answer.body)),
  });
  outgoing.end(answer.body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${process.env.PORT}`));
