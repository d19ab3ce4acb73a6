// The baseline: a ten-line web handler that forwards the visitor's number with no check at all.
const fetchAtOnce = async () => Response.json({ status: 'success', callid: 'cold-1', code: '200' });
const handler = async (request) => {
  const { phone } = await request.json();
  const url = `https://s-ct3.sarv.com/v2/clickToCall/para?user_id=1&token=t&from=${encodeURIComponent(phone)}&to=9123456780`;
  const answer = await (await fetchAtOnce(url, { method: 'POST' })).json();
  return Response.json({ status: 'success', callId: answer.callid });
};
const response = await handler(
  new Request('http://localhost/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"phone":"9876543210"}' }),
);
if (response.status !== 200) process.exit(1);
