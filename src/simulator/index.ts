export { ProviderSimulator, simulatorAccount } from './simulator.js';
export type { Misbehaviour, SimulatedCall } from './simulator.js';
export { checkProviderQuery } from './rules.js';
export type { ProviderRefusal, SimulatorAccount } from './rules.js';
export { serveSimulator } from './server.js';
