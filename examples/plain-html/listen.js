// Events bubble out of the element, so one listener on the document hears every instance.
const status = document.getElementById('status');
document.addEventListener('ctc-success', (event) => {
  status.textContent = `Calling you: ${event.detail.callId}`;
});
document.addEventListener('ctc-error', (event) => {
  status.textContent = `Error: ${event.detail.code}`;
});
