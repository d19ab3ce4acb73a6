// The proxy as a serverless user starts it: import the package's entry, create the handler
// (credentials set, the default memory store, a fetch that answers at once), answer one call.
import { createClickToCallHandler } from 'click-to-call/proxy';

const fetchAtOnce = async () => Response.json({ status: 'success', callid: 'cold-1', code: '200' });
const handler = createClickToCallHandler({
  userId: '1',
  token: crypto.randomUUID(),
  destination: '9123456780',
  fetch: fetchAtOnce,
  log: () => {},
});
const response = await handler(
  new Request('http://localhost/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"phone":"9876543210"}' }),
);
if (response.status !== 200) process.exit(1);
