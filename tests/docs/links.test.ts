import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The project cites only documents it contains: every relative link of the README and docs/ leads to a
 * file (and heading) that exists, every `*.md` named in the code and the registry exists, and no text
 * points at a paper by a number ("seed 0..") instead of its author, title and year.
 *
 * pipelines/ and sql/ are outside these checks for now: the branch that turns each pipeline into a
 * folder rewrites their headers and descriptions, citations included. Emptying REWRITTEN_ELSEWHERE
 * once it is merged brings them in.
 */

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const fromRoot = (rel: string) => path.join(projectRoot, rel);

const REWRITTEN_ELSEWHERE: string[] = [];

/** Folders and files whose `*.md` citations must exist. */
const CITING = ['src', 'pipelines', 'sql', 'registry', 'data/raw/sources.json'].filter(
  (f) => !REWRITTEN_ELSEWHERE.includes(f),
);

/** Left out of the "seed" scan: generated or installed files, and the folders above. */
const NOT_SCANNED = new Set(['node_modules', '.git', 'data/out', 'bench/.work', ...REWRITTEN_ELSEWHERE]);
const TESTS_OWN = ['tests/fixtures/', 'tests/docs/links.test.ts'];

async function projectFiles(rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(fromRoot(rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (NOT_SCANNED.has(p)) continue;
    if (e.isDirectory()) out.push(...(await projectFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The text of a file, or undefined for a binary one (a workbook, a Parquet file). */
async function textOf(rel: string): Promise<string | undefined> {
  const bytes = await readFile(fromRoot(rel));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

const withoutCode = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

async function markdownDocs(): Promise<string[]> {
  const docs = (await readdir(fromRoot('docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

describe('documents cited in the project exist', async () => {
  const files = await projectFiles();
  const basenames = new Set(files.map((f) => path.basename(f)));

  it('the README and docs/ exist, and the README stays short', async () => {
    const readme = (await textOf('README.md'))!;
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    expect((await markdownDocs()).length).toBeGreaterThan(1);
  });

  it('every relative link of README.md and docs/ leads to a file, and to a heading of it', async () => {
    const broken: string[] = [];
    for (const doc of await markdownDocs()) {
      const text = (await textOf(doc))!;
      for (const m of withoutCode(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [file, anchor] = target.split('#', 2) as [string, string | undefined];
        const resolved = file
          ? path.join(path.dirname(fromRoot(doc)), decodeURIComponent(file))
          : fromRoot(doc);
        const shown = `${doc}: (${target})`;
        if (!existsSync(resolved)) broken.push(`${shown} no such file`);
        else if (anchor && resolved.endsWith('.md')) {
          if (!anchors(await readFile(resolved, 'utf8')).has(anchor)) broken.push(`${shown} no such heading`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it(`every *.md named in ${CITING.join(', ')} exists in the project`, async () => {
    const missing: string[] = [];
    const citing = files.filter((f) => CITING.some((c) => f === c || f.startsWith(`${c}/`)));
    for (const file of citing) {
      const text = await textOf(file);
      if (!text) continue;
      text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(/[\w./-]*\b[\w-]+\.md\b/g)) {
          const name = m[0].replace(/^\.\//, '');
          const found = name.includes('/') ? existsSync(path.join(projectRoot, name)) : basenames.has(name);
          if (!found) missing.push(`${file}:${i + 1}: ${name}`);
        }
      });
    }
    expect(missing).toEqual([]);
  });

  it('no text names a paper by its seed number instead of its author, title and year', async () => {
    const offending: string[] = [];
    for (const file of files) {
      if (TESTS_OWN.some((t) => file.startsWith(t))) continue;
      const text = await textOf(file);
      if (!text) continue;
      text.split('\n').forEach((line, i) => {
        if (/\bseeds? 0/i.test(line)) offending.push(`${file}:${i + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
