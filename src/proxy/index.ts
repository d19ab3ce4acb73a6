/** The server side: the handler for any runtime, and the pieces to run it on Node. */
export { createClickToCallHandler } from './handler.js';
export type { ClickToCallHandler } from './handler.js';
export { ConfigurationError, defaultApiUrl, defaultBrowserOptions } from './options.js';
export type { BrowserOptionLimit, ClickToCallOptions } from './options.js';
export type { RequestLogEntry, RequestLogger } from './log.js';
export { proxyFromEnvironment } from './config.js';
export { startProxyServer } from './server.js';
export { nodeListener } from './node.js';
export type { RequestContext } from './handler.js';
