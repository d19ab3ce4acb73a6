export { ProviderSimulator, simulatorAccount } from './simulator.js';
export type { Misbehaviour, SimulatedCall } from './simulator.js';
export { checkCallRequest } from './rules.js';
export type { ProviderFault, SimulatorAccount } from './rules.js';
export { serveSimulator } from './server.js';
