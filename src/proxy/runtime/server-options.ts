import { ConfigurationError } from '../options.js';

/** How the command-line proxy listens, and how long it lets a client hold a connection. */
export interface ServerOptions {
  port: number;
  host: string;
  /** Longest wait for a request's line and headers. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, body included; the provider's answer is not counted. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Most connections open at once; beyond, new ones are closed at once. */
  maxConnections: number;
}

/**
 * Every default of the listener, in one place. A visitor's request is a few hundred bytes: ten
 * seconds for its headers and twenty for all of it are generous on a slow mobile link, and far
 * from the five minutes a client trickling its body used to hold a connection for.
 */
export const defaultServerOptions: ServerOptions = {
  port: 8787,
  host: '127.0.0.1',
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
};

/** The defaults with `settings` over them, checked together. */
export function resolveServerOptions(settings: Partial<ServerOptions>): ServerOptions {
  const options = { ...defaultServerOptions, ...settings };
  if (options.requestTimeoutMs <= options.headersTimeoutMs) {
    throw new ConfigurationError('CTC_REQUEST_TIMEOUT', 'must be longer than CTC_HEADERS_TIMEOUT: the whole request includes its headers');
  }
  if (options.maxConnections < 1) throw new ConfigurationError('CTC_MAX_CONNECTIONS', 'must be at least 1');
  return options;
}
