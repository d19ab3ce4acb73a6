import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The marketer's path: a static page with a classic <script> tag for the IIFE build and the
 * element, posting to a proxy on the same origin. The proxy here is a few lines that record
 * what arrives; the real proxy's own end-to-end tests are in the proxy suites.
 */
const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Static page</title></head>
<body>
  <h1>Talk to us</h1>
  <script src="/click-to-call.iife.js"></script>
  <click-to-call proxy-url="/call" ring-time="20"></click-to-call>
</body>
</html>`;

test('the IIFE build registers itself from a classic script tag and completes a submission', async ({ page: browser }) => {
  const received: { body: unknown; key: string | undefined }[] = [];
  const server = createServer(async (request, response) => {
    if (request.url === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (request.url === '/click-to-call.iife.js') {
      return response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync('dist/click-to-call.iife.js'));
    }
    if (request.url === '/call' && request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += chunk;
      received.push({ body: JSON.parse(text), key: request.headers['idempotency-key'] as string | undefined });
      return response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","callId":"iife-1"}');
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const errors: string[] = [];
    browser.on('pageerror', (error) => errors.push(error.message));
    await browser.goto(`http://127.0.0.1:${port}/`);
    const callId = browser.evaluate(
      () => new Promise<string>((resolve) => document.addEventListener('ctc-success', (event) => resolve(event.detail.callId ?? ''))),
    );
    await browser.getByLabel('Your phone number').fill('+91 98765 43210');
    await browser.getByRole('button', { name: 'Call me' }).click();
    expect(await callId).toBe('iife-1');
    await expect(browser.getByText('We are calling you now')).toBeVisible();
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({ phone: '+91 98765 43210', fromRingTime: 20, toRingTime: 20 });
    expect(received[0]!.key).toMatch(/^[0-9a-f]{32}$/);
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});
