// Finds a Chromium for the browser tests, or gets one: CHROME_PATH, then Debian's /usr/bin/chromium,
// then Playwright's own download. Where none is there, ensureBrowser() installs Debian's package
// when it runs as root on Debian (as CI does), tries Playwright's installer otherwise, and else
// stops with one line that says what to install.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { canInstallDebianPackages, installDebianPackage, tryRun } from './system-package.mjs';

/** Flags for a headless Chromium in a container, and for a machine without outside network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser's path, or undefined when none is installed. */
export function findBrowser() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const system = systemPaths.find((path) => existsSync(path));
  if (system) return system;
  const playwrights = chromium.executablePath();
  return existsSync(playwrights) ? playwrights : undefined;
}

/** Launch options for Playwright and @web/test-runner-playwright. */
export function launchOptions() {
  return { executablePath: findBrowser(), args: chromiumArgs, headless: true };
}

const instruction =
  'No Chromium found: install one (Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium) or set CHROME_PATH to a Chrome or Chromium binary.';

export function ensureBrowser() {
  let path = findBrowser();
  if (path) return path;
  if (canInstallDebianPackages()) {
    installDebianPackage('chromium');
  } else {
    console.log("No Chromium found; trying Playwright's installer.");
    tryRun('npx', ['playwright', 'install', 'chromium']);
  }
  path = findBrowser();
  if (!path) throw new Error(instruction);
  return path;
}
