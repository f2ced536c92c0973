import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Which Chromium or Chrome the report's browser test drives, and what to do
 * when the machine has none: `npm test` should pass on a fresh Debian
 * machine with nothing installed by hand, and say plainly what it needs
 * everywhere else.
 */
export const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'] as const;

export const INSTALL_STEPS = [
  ['apt-get', 'update'],
  ['apt-get', 'install', '-y', 'chromium'],
] as const;

export interface Found {
  path: string;
  /** how it was found: `CHROME_PATH` or the command name on the PATH */
  via: string;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROME_PATH when set (it must be an executable file: a typo is not silently replaced), then the PATH. */
export function findBrowser(env: NodeJS.ProcessEnv): Found | undefined {
  const given = env.CHROME_PATH;
  if (given) {
    if (!isExecutableFile(given))
      throw new Error(
        `CHROME_PATH=${given} is not an executable file: point it at a Chromium or Chrome, or unset it`,
      );
    return { path: given, via: 'CHROME_PATH' };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const command of BROWSER_COMMANDS)
    for (const dir of dirs) {
      const file = path.join(dir, command);
      if (isExecutableFile(file)) return { path: file, via: command };
    }
  return undefined;
}

/** What the machine is, as far as the decision goes. */
export interface Machine {
  env: NodeJS.ProcessEnv;
  /** effective user id (0 = root) */
  uid: number;
  /** Debian or a derivative (Ubuntu), from /etc/os-release */
  debian: boolean;
  /** `sudo -n true` succeeds: sudo without a password */
  passwordlessSudo: boolean;
}

export type BrowserPlan =
  | { kind: 'found'; found: Found }
  | { kind: 'install'; sudo: boolean }
  | { kind: 'missing'; fix: string };

const LOOKED_FOR = `no Chromium or Chrome found (CHROME_PATH, then ${BROWSER_COMMANDS.join(', ')} on the PATH)`;

export function planBrowser(m: Machine): BrowserPlan {
  const found = findBrowser(m.env);
  if (found) return { kind: 'found', found };
  if (m.debian && m.uid === 0) return { kind: 'install', sudo: false };
  if (m.debian && m.passwordlessSudo) return { kind: 'install', sudo: true };
  return {
    kind: 'missing',
    fix: m.debian
      ? 'sudo apt-get update && sudo apt-get install -y chromium'
      : 'CHROME_PATH=/path/to/chromium-or-chrome npm test',
  };
}

export function missingMessage(fix: string): string {
  return `${LOOKED_FOR}; the report's browser test needs one. Fix: ${fix}`;
}

export function isDebian(osRelease: string): boolean {
  const field = (name: string) =>
    osRelease.match(new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm'))?.[1]?.toLowerCase() ?? '';
  return /\b(debian|ubuntu)\b/.test(`${field('ID')} ${field('ID_LIKE')}`);
}

/** This machine, read the way planBrowser needs it. */
export function thisMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  let osRelease = '';
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8');
  } catch {}
  const uid = process.getuid?.() ?? -1;
  const debian = isDebian(osRelease);
  const passwordlessSudo =
    debian && uid !== 0 && spawnSync('sudo', ['-n', 'true'], { env, stdio: 'ignore' }).status === 0;
  return { env, uid, debian, passwordlessSudo };
}

/**
 * Finds the browser, installing Debian's chromium first where the plan says
 * so (saying so on `say`); throws with the one command that fixes it otherwise.
 */
export function ensureBrowser(m: Machine, say: (line: string) => void): Found {
  const plan = planBrowser(m);
  if (plan.kind === 'found') return plan.found;
  if (plan.kind === 'missing') throw new Error(missingMessage(plan.fix));
  const shown = INSTALL_STEPS.map((s) => `${plan.sudo ? 'sudo ' : ''}${s.join(' ')}`).join(' && ');
  say(`${LOOKED_FOR}: installing Debian's chromium for the report's browser test: ${shown}`);
  for (const step of INSTALL_STEPS) {
    // sudo resets the environment: the frontend goes through env
    const [cmd, args] = plan.sudo
      ? ['sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...step]]
      : [step[0], step.slice(1)];
    const r = spawnSync(cmd, args, {
      env: { ...m.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0)
      throw new Error(
        `${step.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`}); the report's browser test needs a Chromium or Chrome. Fix: ${shown}, or set CHROME_PATH`,
      );
  }
  const found = findBrowser(m.env);
  if (!found)
    throw new Error(
      `apt-get installed chromium, but ${LOOKED_FOR.replace('no ', 'still no ')}; set CHROME_PATH to its executable`,
    );
  say(`installed: ${found.path}`);
  return found;
}
