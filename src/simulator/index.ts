export { outcomeByLastDigit, ProviderSimulator, simulatorAccount } from './simulator.js';
export type { Misbehaviour, PushReportSettings, SentReport, SimulatedCall, SimulatedOutcome } from './simulator.js';
export { checkProviderQuery } from './rules.js';
export type { ProviderRefusal, SimulatorAccount } from './rules.js';
export { serveSimulator } from './server.js';
