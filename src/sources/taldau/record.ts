import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { inputErrorFrom } from '../../core/errors.ts';
import { writeFileAtomic } from '../../core/fs.ts';
import { acquireLock } from '../../core/lock.ts';
import { displayPath } from '../../core/paths.ts';
import { MANIFEST, manifestSchema } from '../../inputs/manifest.ts';
import type { PulledIndex } from './pull.ts';

/**
 * A pull is recorded in the raw folder's `sources.json` like any bundled
 * file: one entry per stored answer that holds figures, with its reader,
 * indicator, unit, vintage (the retrieval date) and provenance. So a later
 * `kzstat run --offline` reads exactly what was pulled, and the published
 * datapackage names it. Pulling the same index and period type again
 * replaces its entries. The manifest is rewritten whole and atomically under
 * a lock of the raw folder; the text before is returned so a failed pull can
 * put it back.
 */
export interface ManifestSnapshot {
  file: string;
  /** undefined: there was no manifest */
  text: string | undefined;
}

const PUBLISHER = 'Bureau of National Statistics of the Republic of Kazakhstan (Taldau, taldau.stat.gov.kz)';

type RawEntry = Record<string, unknown> & { reader?: string; options?: Record<string, string> };

export function entriesFor(pulled: PulledIndex, indicator: string): RawEntry[] {
  const name = pulled.attributes.name?.trim() || `Taldau index ${pulled.index}`;
  const unit = pulled.attributes.measureName.trim();
  return pulled.data.map((answer, i) => {
    const s = answer.sidecar;
    return {
      path: answer.pointer,
      reader: 'taldau-json',
      indicators: [indicator],
      indicator,
      options: {
        taldau_index: pulled.index,
        taldau_period: pulled.period,
        ...(unit ? { unit } : {}),
      },
      vintage: s.downloaded_at.slice(0, 10),
      provenance: {
        publisher: PUBLISHER,
        title: `${name} (${pulled.periodName}), ${i === 0 ? 'the Republic' : 'by region'}`,
        url: s.source_url,
        notes: `Pulled by kzstat on ${s.downloaded_at}: ${s.method} GetIndexTreeData for index ${pulled.index}, period type ${pulled.periodId} (${pulled.periodName}), measure ${pulled.measureId}, dictionaries ${pulled.segment.dicIds.join(',')} (${pulled.segment.names}) at terms ${pulled.segment.terms.join(',')}${i === 0 ? '' : `, children of term ${pulled.segment.terms[pulled.segment.regionPos]}`}. The answer is stored byte for byte; the request, HTTP status and sha256 are in the _request.json beside it.`,
      },
    };
  });
}

export async function readManifestText(rawDir: string): Promise<ManifestSnapshot> {
  const file = path.join(rawDir, MANIFEST);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file, text: undefined };
    throw e;
  }
}

/** Adds (or replaces) the entries of pulled indices; returns the manifest as it was. */
export async function recordPulls(
  rawDir: string,
  pulls: { pulled: PulledIndex; indicator: string }[],
): Promise<ManifestSnapshot> {
  const before = await readManifestText(rawDir);
  const doc = before.text
    ? (JSON.parse(before.text) as { sources: RawEntry[] } & Record<string, unknown>)
    : {
        $comment: 'Raw sources: how to read each file, which indicators it provides, where it came from.',
        sources: [],
      };
  // Everything these pulls replace goes first, so two indicators read from one index both stay.
  doc.sources = doc.sources.filter(
    (e) =>
      !pulls.some(
        ({ pulled }) =>
          e.reader === 'taldau-json' &&
          e.options?.taldau_index === pulled.index &&
          e.options?.taldau_period === pulled.period,
      ),
  );
  for (const { pulled, indicator } of pulls) doc.sources.push(...entriesFor(pulled, indicator));
  // What is written must load again: check it with the schema every run reads it with.
  const check = manifestSchema.safeParse(doc);
  if (!check.success)
    throw inputErrorFrom(
      check.error.issues.map((i) => ({
        file: displayPath(before.file),
        where: `field ${i.path.join('.')}`,
        message: i.message,
      })),
      `cannot record the pull in ${displayPath(before.file)}`,
    );
  await mkdir(rawDir, { recursive: true });
  await writeFileAtomic(before.file, `${JSON.stringify(doc, null, 2)}\n`);
  return before;
}

export async function restoreManifest(snapshot: ManifestSnapshot): Promise<void> {
  if (snapshot.text === undefined) await rm(snapshot.file, { force: true });
  else await writeFileAtomic(snapshot.file, snapshot.text);
}

/** One writer of a raw folder's manifest at a time (pulls from `kzstat pull` and from runs). */
export async function withRawLock<T>(rawDir: string, command: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(rawDir, { recursive: true });
  const lock = await acquireLock(path.join(rawDir, '.kzstat-pull.lock'), command);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
