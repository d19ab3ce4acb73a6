// A stand-in for the proxy, served by web-test-runner next to the element tests, so the element
// is tested against real HTTP answers. Each path is one behaviour:
//   /fake-proxy/echo             200 success; echoes the body and headers it received
//   /fake-proxy/slow/MS          success after MS milliseconds
//   /fake-proxy/error/STATUS/CODE  the JSON error shape with that status and code
//   /fake-proxy/text/STATUS      a non-JSON answer with that status
//   /fake-proxy/count?id=ID      how many POSTs arrived with ?id=ID (status reads: ?id=status-N)
//   /fake-proxy/caller/NUMBER    200 success that says the call comes from NUMBER (callerId)
//   /fake-proxy/follow/MODE/STATES  200 success with a statusUrl whose call goes through STATES
//                                (comma-separated): MODE `stream` serves them as Server-Sent
//                                Events 50 ms apart; MODE `poll` fails the event stream with 500
//                                and gives the next state at each JSON read
const received = new Map();
let callNumber = 0;
/** The states of each followed call, and how far its JSON reads have gone. */
const followed = new Map();

const statusOf = (call, state) => ({ callId: call.callId, state, final: state !== 'calling', updatedAt: new Date().toISOString() });

function serveStatus(ctx, mode, id) {
  const call = followed.get(id);
  if (!call) {
    ctx.status = 404;
    return;
  }
  received.set(`status-${id}`, (received.get(`status-${id}`) ?? 0) + 1);
  if (ctx.get('accept').includes('text/event-stream')) {
    if (mode === 'poll') {
      ctx.status = 500;
      return;
    }
    ctx.respond = false;
    ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    for (const [index, state] of call.states.entries()) {
      setTimeout(
        () => {
          ctx.res.write(`event: status\ndata: ${JSON.stringify(statusOf(call, state))}\n\n`);
          if (index === call.states.length - 1) ctx.res.end();
        },
        50 * (index + 1),
      );
    }
    return;
  }
  const state = call.states[Math.min(call.read++, call.states.length - 1)];
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(statusOf(call, state));
}

async function readBody(request) {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

export async function fakeProxyMiddleware(ctx, next) {
  if (!ctx.path.startsWith('/fake-proxy/')) return next();
  const [, , behaviour, ...rest] = ctx.path.split('/');
  const id = ctx.query.id;

  if (behaviour === 'status' && ctx.method === 'GET') return serveStatus(ctx, rest[0], rest[1]);
  if (behaviour === 'count') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ count: received.get(id) ?? 0 });
    return;
  }
  if (ctx.method !== 'POST') {
    ctx.status = 405;
    return;
  }
  const text = await readBody(ctx.req);
  if (id) received.set(id, (received.get(id) ?? 0) + 1);

  if (behaviour === 'caller') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ status: 'success', callId: `call-${++callNumber}`, callerId: decodeURIComponent(rest[0]) });
    return;
  }
  if (behaviour === 'follow') {
    const [mode, states] = rest;
    const callId = `call-${++callNumber}`;
    const statusId = String(callNumber);
    followed.set(statusId, { callId, states: states.split(','), read: 0 });
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ status: 'success', callId, statusUrl: `/fake-proxy/status/${mode}/${statusId}` });
    return;
  }
  if (behaviour === 'slow') await new Promise((resolve) => setTimeout(resolve, Number(rest[0])));
  if (behaviour === 'echo' || behaviour === 'slow') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({
      status: 'success',
      callId: `call-${++callNumber}`,
      received: {
        body: JSON.parse(text),
        contentType: ctx.get('content-type'),
        idempotencyKey: ctx.get('idempotency-key'),
      },
    });
    return;
  }
  if (behaviour === 'error') {
    const [status, code] = rest;
    ctx.status = Number(status);
    ctx.type = 'application/json';
    if (status === '429') ctx.set('Retry-After', '120');
    ctx.body = JSON.stringify({ status: 'error', code, message: `Proxy says ${code}`, field: code === '1508' ? 'phone' : undefined });
    return;
  }
  if (behaviour === 'text') {
    ctx.status = Number(rest[0]);
    ctx.type = 'text/html';
    ctx.body = '<html><body>Bad gateway</body></html>';
    return;
  }
  ctx.status = 404;
}
