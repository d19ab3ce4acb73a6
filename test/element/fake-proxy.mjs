// A stand-in for the proxy, served by web-test-runner next to the element tests, so the element
// is tested against real HTTP answers. Each path is one behaviour:
//   /fake-proxy/echo             200 success; echoes the body and headers it received
//   /fake-proxy/slow/MS          success after MS milliseconds
//   /fake-proxy/error/STATUS/CODE  the JSON error shape with that status and code
//   /fake-proxy/text/STATUS      a non-JSON answer with that status
//   /fake-proxy/count?id=ID      how many POSTs arrived with ?id=ID
const received = new Map();
let callNumber = 0;

async function readBody(request) {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

export async function fakeProxyMiddleware(ctx, next) {
  if (!ctx.path.startsWith('/fake-proxy/')) return next();
  const [, , behaviour, ...rest] = ctx.path.split('/');
  const id = ctx.query.id;

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
