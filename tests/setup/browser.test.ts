import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureBrowser,
  findBrowser,
  isDebian,
  type Machine,
  missingMessage,
  planBrowser,
} from '../helpers/browser.ts';
import { tempDir } from '../helpers/cli.ts';

/**
 * The browser finder's decisions, on PATHs of our own made of small scripts,
 * so the machine's own chromium is neither used nor touched.
 */
async function bin(dir: string, name: string, body = 'exit 0'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

const machine = (env: NodeJS.ProcessEnv, over: Partial<Machine> = {}): Machine => ({
  env,
  uid: 1000,
  debian: true,
  passwordlessSudo: false,
  ...over,
});

describe('finding a Chromium or Chrome', () => {
  it('takes CHROME_PATH first, then chromium, chromium-browser, google-chrome on the PATH, in that order', async () => {
    const d = await tempDir();
    const a = path.join(d, 'a');
    const b = path.join(d, 'b');
    const chrome = await bin(a, 'google-chrome');
    const browser = await bin(b, 'chromium-browser');
    const PATH = [a, b].join(path.delimiter);
    // chromium-browser comes before google-chrome whatever the order of the folders
    expect(findBrowser({ PATH })).toEqual({ path: browser, via: 'chromium-browser' });
    const chromium = await bin(b, 'chromium');
    expect(findBrowser({ PATH })).toEqual({ path: chromium, via: 'chromium' });
    expect(findBrowser({ PATH, CHROME_PATH: chrome })).toEqual({ path: chrome, via: 'CHROME_PATH' });
  });

  it('skips a file of that name that is not executable, and a folder', async () => {
    const d = await tempDir();
    await writeFile(path.join(d, 'chromium'), 'not a program');
    await mkdir(path.join(d, 'chromium-browser'));
    expect(findBrowser({ PATH: d })).toBeUndefined();
    const chrome = await bin(d, 'google-chrome');
    expect(findBrowser({ PATH: d })?.path).toBe(chrome);
  });

  it('refuses a CHROME_PATH that is not an executable file rather than looking elsewhere', async () => {
    const d = await tempDir();
    await bin(d, 'chromium');
    expect(() => findBrowser({ PATH: d, CHROME_PATH: path.join(d, 'nope') })).toThrow(
      /^CHROME_PATH=\S+nope is not an executable file/,
    );
  });

  it('none found: root on Debian installs; password-less sudo installs with sudo; otherwise one command to run', async () => {
    const empty = await tempDir();
    const env = { PATH: empty };
    expect(planBrowser(machine(env, { uid: 0 }))).toEqual({ kind: 'install', sudo: false });
    expect(planBrowser(machine(env, { passwordlessSudo: true }))).toEqual({ kind: 'install', sudo: true });
    expect(planBrowser(machine(env))).toEqual({
      kind: 'missing',
      fix: 'sudo apt-get update && sudo apt-get install -y chromium',
    });
    // not Debian: nothing is installed, even as root
    expect(planBrowser(machine(env, { uid: 0, debian: false }))).toEqual({
      kind: 'missing',
      fix: 'CHROME_PATH=/path/to/chromium-or-chrome npm test',
    });
    expect(() => ensureBrowser(machine(env), () => {})).toThrow(
      missingMessage('sudo apt-get update && sudo apt-get install -y chromium'),
    );
  });

  it('installs with apt-get update, then apt-get install -y chromium, says so, and finds what it installed', async () => {
    const d = await tempDir();
    const tools = path.join(d, 'tools');
    const installed = path.join(d, 'installed');
    const log = path.join(d, 'apt.log');
    // a stand-in for apt-get: records its arguments and "installs" a chromium on the PATH (which has
    // nothing else, hence the full paths)
    await bin(
      tools,
      'apt-get',
      `echo "$DEBIAN_FRONTEND $*" >> ${log}\nif [ "$1" = install ]; then /bin/mkdir -p ${installed}; printf '#!/bin/sh\\n' > ${installed}/chromium; /bin/chmod +x ${installed}/chromium; fi`,
    );
    const said: string[] = [];
    const found = ensureBrowser(machine({ PATH: [tools, installed].join(path.delimiter) }, { uid: 0 }), (l) =>
      said.push(l),
    );
    expect(found).toEqual({ path: path.join(installed, 'chromium'), via: 'chromium' });
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      'noninteractive update',
      'noninteractive install -y chromium',
    ]);
    expect(said[0]).toMatch(
      /installing Debian's chromium .*: apt-get update && apt-get install -y chromium$/,
    );
  });

  it('with password-less sudo, installs through sudo -n', async () => {
    const d = await tempDir();
    const tools = path.join(d, 'tools');
    const installed = path.join(d, 'installed');
    const log = path.join(d, 'sudo.log');
    // stand-ins: sudo records how it was called and runs the rest; apt-get "installs" on install
    await bin(tools, 'sudo', `echo "$*" >> ${log}\nshift\nexec "$@"`);
    await bin(tools, 'env', `shift\nexec "$@"`);
    await bin(
      tools,
      'apt-get',
      `if [ "$1" = install ]; then /bin/mkdir -p ${installed}; printf '#!/bin/sh\\n' > ${installed}/chromium; /bin/chmod +x ${installed}/chromium; fi`,
    );
    const said: string[] = [];
    const found = ensureBrowser(
      machine({ PATH: [tools, installed].join(path.delimiter) }, { passwordlessSudo: true }),
      (l) => said.push(l),
    );
    expect(found.path).toBe(path.join(installed, 'chromium'));
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      '-n env DEBIAN_FRONTEND=noninteractive apt-get update',
      '-n env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
    ]);
    expect(said[0]).toMatch(/: sudo apt-get update && sudo apt-get install -y chromium$/);
  });

  it('an install that fails stops at once, naming the step and the fix', async () => {
    const d = await tempDir();
    await bin(d, 'apt-get', 'exit 100');
    expect(() => ensureBrowser(machine({ PATH: d }, { uid: 0 }), () => {})).toThrow(
      /^apt-get update failed \(exit 100\).*Fix: apt-get update && apt-get install -y chromium, or set CHROME_PATH$/,
    );
  });

  it('reads Debian and Ubuntu from /etc/os-release', () => {
    expect(isDebian('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe(true);
    expect(isDebian('ID=ubuntu\nID_LIKE=debian\n')).toBe(true);
    expect(isDebian('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe(true);
    expect(isDebian('ID="fedora"\n')).toBe(false);
    expect(isDebian('')).toBe(false);
  });
});
