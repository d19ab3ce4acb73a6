import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'click-to-call/register';
import type {} from 'click-to-call/react';

function App() {
  const [status, setStatus] = useState('Waiting');
  return (
    <main>
      <h1>Talk to us</h1>
      <click-to-call
        proxyUrl="/call"
        ringTime={20}
        strings={{ submit: 'Ring me' }}
        onctc-success={(event) => setStatus(`Calling you: ${event.detail.callId}`)}
        onctc-error={(event) => setStatus(`Error: ${event.detail.code}`)}
      />
      <p role="status">{status}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
