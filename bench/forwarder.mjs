// The baseline for bench/load.ts: a bare Node forwarder that passes the visitor's number to the
// provider with no check at all (no origin, schema, number, policy, limits, idempotency or log).
// Whatever the real proxy costs beyond this is the price of its checks. Plain JavaScript, so
// that it starts as the built proxy does: node and the file, no loader. It calls the provider
// with the platform's fetch, as the proxy does, so that the difference is the checks.
import { createServer } from 'node:http';

const upstream = process.env.SARV_API_URL;
const server = createServer(async (request, response) => {
  let text = '';
  for await (const chunk of request) text += chunk;
  const { phone } = JSON.parse(text);
  const url = new URL(upstream);
  url.searchParams.set('user_id', process.env.SARV_USER_ID);
  url.searchParams.set('token', process.env.SARV_TOKEN);
  url.searchParams.set('from', phone);
  url.searchParams.set('to', process.env.CTC_DESTINATION);
  const answer = await (await fetch(url, { method: 'POST' })).json();
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ status: 'success', callId: answer.callid }));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`forwarder listening on http://127.0.0.1:${process.env.PORT}`));
process.on('SIGINT', () => process.exit(0));
