// The handler as a Workers user deploys it: one module, the handler made on the first request.
import { createClickToCallHandler } from 'click-to-call/proxy';

const fetchAtOnce = async () => Response.json({ status: 'success', callid: 'cold-1', code: '200' });
let handler;
export default {
  fetch(request) {
    handler ??= createClickToCallHandler({
      userId: '1',
      token: crypto.randomUUID(),
      destination: '9123456780',
      fetch: fetchAtOnce,
      log: () => {},
    });
    return handler(request, { clientAddress: request.headers.get('CF-Connecting-IP') ?? undefined });
  },
};
