// `npm run simulator`: the provider simulator on a port (SIMULATOR_PORT, default 8788), for
// running the command-line proxy against it: SARV_API_URL=<printed endpoint> with the printed
// credentials. Not a secret account: it exists only in this process. SARV_USER_ID and SARV_TOKEN,
// when set, name the account it plays the provider for instead.
import { serveSimulator } from './server.js';
import { ProviderSimulator } from './simulator.js';

const { SARV_USER_ID: userId, SARV_TOKEN: token } = process.env;
const simulator = new ProviderSimulator({ ...(userId ? { userId } : {}), ...(token ? { token } : {}) });
const { endpoint } = await serveSimulator(simulator, Number(process.env.SIMULATOR_PORT ?? 8788), process.env.HOST ?? '127.0.0.1');
console.log(`Provider simulator: ${endpoint}`);
console.log(
  `Point the proxy at it: SARV_API_URL=${endpoint} SARV_USER_ID=${simulator.account.userId} SARV_TOKEN=${simulator.account.token} CTC_DESTINATION=9000000000 npm run proxy`,
);
