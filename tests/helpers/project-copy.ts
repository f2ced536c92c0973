import { spawn } from 'node:child_process';
import { cp, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fromRoot } from '../../src/core/paths.ts';
import { type CliResult, tempDir } from './cli.ts';

/**
 * A copy of the project (code, pipelines, catalogue, registry) that a test may
 * edit, never the project itself; node_modules is linked, not copied.
 */
export async function projectCopy(): Promise<string> {
  const root = await tempDir('kzstat-project-');
  for (const part of [
    'bin',
    'src',
    'pipelines',
    'catalog',
    'registry',
    'tests/helpers',
    'package.json',
    'README.md',
  ])
    await cp(fromRoot(part), path.join(root, part), { recursive: true });
  await symlink(fromRoot('node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** The copy's own `bin/kzstat.js`, so the copy's modules are the ones that run. */
export function copyCli(root: string, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'kzstat.js'), ...args], { cwd: root });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}
