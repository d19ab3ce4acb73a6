// The baseline for the first dispatch in workerd: a worker that answers at once.
export default {
  fetch: () => Response.json({ status: 'success', callId: 'trivial' }),
};
