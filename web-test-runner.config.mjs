import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { launchOptions } from './scripts/browser.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { defaultReporter } from '@web/test-runner';
import { fakeProxyMiddleware } from './test/element/fake-proxy.mjs';

export default {
  files: 'test/element/**/*.test.ts',
  nodeResolve: { exportConditions: ['production', 'browser'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  middleware: [fakeProxyMiddleware],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: launchOptions() })],
  reporters: [defaultReporter(), countReporter()],
  testFramework: { config: { timeout: 10000 } },
  concurrency: 1,
};
