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
//   /fake-proxy/closed/availability  the business is closed: opensAt and three slots (GETs counted
//                                under the id availability-closed)
//   /fake-proxy/closed/call      POST with "at": 202 scheduled, its status going scheduled, calling,
//                                completed (the body it got under `received`); without: 409 closed
//   /fake-proxy/open/availability    open now, with slots; /fake-proxy/open/call: the echo
const received = new Map();
let callNumber = 0;
/** The states of each followed call, and how far its JSON reads have gone. */
const followed = new Map();

const pending = ['scheduled', 'redial-scheduled', 'calling'];
const inAnHour = () => new Date(Math.ceil(Date.now() / 900_000) * 900_000 + 3_600_000).toISOString();
const statusOf = (call, state) => ({
  ...(state === 'scheduled' ? {} : { callId: call.callId }),
  state,
  final: !pending.includes(state),
  ...(state === 'scheduled' || state === 'redial-scheduled' ? { scheduledAt: call.scheduledAt ?? inAnHour() } : {}),
  updatedAt: new Date().toISOString(),
});

/** Tomorrow's opening and three bookable slots, 15 minutes apart, as /availability gives them. */
function availability(open) {
  const opensAt = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 3.5 * 3_600_000);
  const slots = [0, 1, 2].map((step) => new Date(opensAt.getTime() + step * 900_000).toISOString());
  return { open, ...(open ? {} : { opensAt: opensAt.toISOString() }), timezone: 'Asia/Kolkata', slots };
}

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
  if ((behaviour === 'closed' || behaviour === 'open') && rest[0] === 'availability' && ctx.method === 'GET') {
    received.set(`availability-${behaviour}`, (received.get(`availability-${behaviour}`) ?? 0) + 1);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(availability(behaviour === 'open'));
    return;
  }
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

  if (behaviour === 'closed') {
    const body = JSON.parse(text);
    ctx.type = 'application/json';
    if (!body.at) {
      ctx.status = 409;
      ctx.body = JSON.stringify({
        status: 'error',
        code: 'closed',
        message: 'We are closed just now.',
        opensAt: availability(false).opensAt,
      });
      return;
    }
    const statusId = String(++callNumber);
    followed.set(statusId, { callId: `call-${callNumber}`, states: ['scheduled', 'calling', 'completed'], read: 0, scheduledAt: body.at });
    const statusUrl = `/fake-proxy/status/stream/${statusId}`;
    ctx.status = 202;
    ctx.body = JSON.stringify({ status: 'scheduled', scheduledAt: body.at, statusUrl, cancelUrl: statusUrl, received: { body } });
    return;
  }
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
  if (behaviour === 'echo' || behaviour === 'slow' || behaviour === 'open') {
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
