import { InputError, UsageError } from '../../core/errors.ts';
import type { Answer, TaldauClient, TreeQuery } from './client.ts';
import { PERIOD_PREFERENCE, type PeriodChoice } from './periods.ts';
import { type Attributes, type Segment, splitJoined, type TreeNode } from './wire.ts';

/**
 * One index for all regions, the way the Taldau web app asks for it: its
 * attributes (name, unit) and period types, the breakdowns (segments) for the
 * chosen period type, then the tree: the root node (the Republic, term
 * 741880) and, one level down, its children (the regions). Breakdowns other
 * than region stay at the totals the segment lists.
 */
export interface PullSpec {
  index: string;
  period: PeriodChoice;
  /** p_measure_id: 1 asks for the index in its own unit */
  measure: string;
}

export interface PulledIndex {
  index: string;
  period: PeriodChoice;
  periodId: string;
  periodName: string;
  measureId: string;
  attributes: Attributes;
  segment: { dicIds: string[]; terms: string[]; names: string; regionPos: number };
  /** answers holding figures: the root level, then the regions under it (if the root has any) */
  data: Answer<TreeNode[]>[];
  /** every answer of the pull, the descriptive ones included */
  answers: Answer<unknown>[];
}

/** Dictionaries of regions (docs/taldau.md: 67, and 68 on some indices). */
export const REGION_DICTIONARIES = ['67', '68'];

export async function pullIndex(client: TaldauClient, spec: PullSpec): Promise<PulledIndex> {
  const { index } = spec;
  const [attributes, periods] = await settled([client.attributes(index), client.periodList(index)] as const);
  const periodType = PERIOD_PREFERENCE[spec.period]
    .map((id) => periods.data.find((p) => p.id === id))
    .find((p) => p !== undefined);
  if (!periodType)
    throw new UsageError(
      `Taldau index ${index} is not published by ${spec.period} (its period types: ${
        periods.data.map((p) => `${p.name} (${p.id})`).join(', ') || 'none'
      }; ${periods.pointer})`,
    );
  const segments = await client.segmentList(index, periodType.id);
  const segment = regionSegment(segments.data, segments.pointer, index);
  const q: TreeQuery = {
    indexId: index,
    periodId: periodType.id,
    measureId: spec.measure,
    termId: segment.terms[segment.regionPos]!,
    terms: segment.terms,
    dicIds: segment.dicIds,
  };
  const root = await client.tree({ ...q, parentId: '', idx: '0' });
  const top = root.data.find((n) => n.id === q.termId);
  if (!top)
    throw new InputError(
      `${root.pointer}: no node for term ${q.termId} (the start of the region tree) among ${root.data.length} nodes (${root.data
        .slice(0, 5)
        .map((n) => n.id)
        .join(', ')})`,
    );
  const data = [root];
  if (top.leaf !== 'true')
    data.push(await client.tree({ ...q, parentId: top.id, termId: top.id, idx: String(segment.regionPos) }));
  return {
    index,
    period: spec.period,
    periodId: periodType.id,
    periodName: periodType.name,
    measureId: spec.measure,
    attributes: attributes.data,
    segment,
    data,
    answers: [attributes, periods, segments, ...data],
  };
}

/**
 * Like Promise.all, but a failure is reported only once the other requests
 * have finished: what they fetched is stored by then, so a retry resumes it.
 */
export async function settled<T extends readonly unknown[]>(
  ps: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(ps);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The breakdown with regions and the fewest other dictionaries: the regions
 * with everything else at its total.
 */
function regionSegment(segments: Segment[], pointer: string, index: string): PulledIndex['segment'] {
  const candidates = segments
    .map((s) => ({ dicIds: splitJoined(s.dicId), terms: splitJoined(s.termIds), names: s.names }))
    .filter((s) => s.dicIds.some((d) => REGION_DICTIONARIES.includes(d)))
    .sort((a, b) => a.dicIds.length - b.dicIds.length);
  const best = candidates[0];
  if (!best)
    throw new InputError(
      `${pointer}: Taldau index ${index} has no breakdown by region (dictionary ${REGION_DICTIONARIES.join(' or ')}); its segments: ${
        segments.map((s) => `${s.names} (${s.dicId})`).join('; ') || 'none'
      }`,
    );
  if (best.dicIds.length !== best.terms.length)
    throw new InputError(
      `${pointer}: segment '${best.names}' lists ${best.dicIds.length} dictionaries (${best.dicIds.join(',')}) but ${best.terms.length} terms (${best.terms.join(',')}); expected one term per dictionary`,
    );
  return { ...best, regionPos: best.dicIds.findIndex((d) => REGION_DICTIONARIES.includes(d)) };
}
