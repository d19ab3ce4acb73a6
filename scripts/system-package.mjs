// Gets a program the tests need from Debian's packages when it is missing and we may install:
// as root on Debian (as CI is). Elsewhere the caller says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const canInstallDebianPackages = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

export function tryRun(command, args) {
  try {
    execFileSync(command, args, { stdio: 'inherit', timeout: 300_000 });
    return true;
  } catch {
    return false;
  }
}

let updated = false;
export function installDebianPackage(name) {
  console.log(`Installing Debian's ${name} package.`);
  if (!updated) updated = tryRun('apt-get', ['update', '-qq']);
  return tryRun('apt-get', ['install', '-y', '-qq', '--no-install-recommends', name]);
}
