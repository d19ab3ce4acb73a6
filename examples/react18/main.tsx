import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ClickToCall } from 'click-to-call/react';

function App() {
  const [status, setStatus] = useState('Waiting');
  return (
    <main>
      <h1>Talk to us</h1>
      <ClickToCall
        proxyUrl="/call"
        ringTime={20}
        strings={{ submit: 'Ring me' }}
        onCtcSuccess={(event) => setStatus(`Calling you: ${event.detail.callId}`)}
        onCtcError={(event) => setStatus(`Error: ${event.detail.code}`)}
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
