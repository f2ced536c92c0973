import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import type { RunSummary } from '../../src/engine/run-summary.ts';
import { runJson, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * Confidential cells in gross value added by section: the region's and the
 * Republic's shares are taken over the same sections (those with a figure on
 * both sides), so the indices keep their ranges and the run publishes.
 *
 * SYNTHETIC DATA, built from the case of issue 14: the Republic's section D
 * is confidential ('x', as the BNS marks it), Akmola reports all four
 * sections, Aktobe has a confidential section B of its own. Only 44, 115,
 * 294 and 727 are the issue's numbers; the rest are made up for the
 * arithmetic (on real region codes). Before the common support this input
 * stopped the run with exit 4: Akmola's shares over four sections against
 * the Republic's over three gave Hachman 1.905 and an entropy of 1.987 bits
 * above log2(3) = 1.585.
 */
const KZ = '000000000';
const AKMOLA = '110000000';
const AKTOBE = '150000000';
const gva = (region: string, industry: string, value: number | 'x') =>
  value === 'x'
    ? `gva,${region},2022,,million tenge,x,${industry}`
    : `gva,${region},2022,${value},million tenge,,${industry}`;
const input = [
  'indicator,region,period,value,unit,status,industry',
  // the Republic: A + B + C = 727, D confidential
  gva(KZ, 'A', 294),
  gva(KZ, 'B', 233),
  gva(KZ, 'C', 200),
  gva(KZ, 'D', 'x'),
  // Akmola: A + B + C = 115, and a D the Republic does not show
  gva(AKMOLA, 'A', 44),
  gva(AKMOLA, 'B', 40),
  gva(AKMOLA, 'C', 31),
  gva(AKMOLA, 'D', 44),
  // Aktobe: its own B confidential too
  gva(AKTOBE, 'A', 30),
  gva(AKTOBE, 'B', 'x'),
  gva(AKTOBE, 'C', 50),
  gva(AKTOBE, 'D', 20),
].join('\n');

describe('structure on the common support (a confidential national cell, synthetic)', () => {
  let table: (name: string) => string;
  let summary: RunSummary;
  let code: number;
  let stderr: string;

  beforeAll(async () => {
    const dir = await tempDir('kzstat-support-');
    const csv = path.join(dir, 'gva.csv');
    await writeFile(csv, input);
    const out = path.join(dir, 'out');
    const r = await runJson([
      'run',
      'structure',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      csv,
      '--out',
      out,
    ]);
    ({ code, stderr, summary } = r);
    table = (name: string) =>
      `read_parquet(${lit(path.join(out, 'structure', 'latest', `${name}.parquet`))})`;
  });

  it('publishes (exit 0) and says which cells were left out', () => {
    expect(code, stderr).toBe(0);
    expect(summary.published.map((p) => p.dataset)).toEqual(['structure']);
    expect(summary.warnings.map((w) => w.message)).toContainEqual(
      "gva 2022: the Republic's section D (x) left out of every region's shares; 1 regional cell without a figure (confidential or not available) left out of that region's shares: location quotients and specialisation are over the sections with a figure on both sides (specialisation.excluded_industries)",
    );
  });

  it('Akmola/A = (44/115)/(294/727); D is in neither base', async () => {
    const rows = await query(
      `SELECT region_kato, industry, gva, gva_country, round(share_region, 6) AS share_region,
              round(share_country, 6) AS share_country, round(lq, 6) AS lq, used, status, country_status
       FROM ${table('location_quotients')} ORDER BY region_kato, industry`,
    );
    const lq = (r: number, n: number) => Math.round((r / n) * 1e6) / 1e6;
    expect(rows).toEqual([
      // Akmola over A, B, C: 115 against 727
      {
        region_kato: AKMOLA,
        industry: 'A',
        gva: 44,
        gva_country: 294,
        share_region: 38.26087,
        share_country: 40.440165,
        lq: lq(44 / 115, 294 / 727),
        used: true,
        status: null,
        country_status: null,
      },
      {
        region_kato: AKMOLA,
        industry: 'B',
        gva: 40,
        gva_country: 233,
        share_region: 34.782609,
        share_country: 32.049519,
        lq: lq(40 / 115, 233 / 727),
        used: true,
        status: null,
        country_status: null,
      },
      {
        region_kato: AKMOLA,
        industry: 'C',
        gva: 31,
        gva_country: 200,
        share_region: 26.956522,
        share_country: 27.510316,
        lq: lq(31 / 115, 200 / 727),
        used: true,
        status: null,
        country_status: null,
      },
      {
        region_kato: AKMOLA,
        industry: 'D',
        gva: 44,
        gva_country: null,
        share_region: null,
        share_country: null,
        lq: null,
        used: false,
        status: null,
        country_status: 'x',
      },
      // Aktobe over A and C only: 80 against 494
      {
        region_kato: AKTOBE,
        industry: 'A',
        gva: 30,
        gva_country: 294,
        share_region: 37.5,
        share_country: 59.51417,
        lq: lq(30 / 80, 294 / 494),
        used: true,
        status: null,
        country_status: null,
      },
      {
        region_kato: AKTOBE,
        industry: 'B',
        gva: null,
        gva_country: 233,
        share_region: null,
        share_country: null,
        lq: null,
        used: false,
        status: 'x',
        country_status: null,
      },
      {
        region_kato: AKTOBE,
        industry: 'C',
        gva: 50,
        gva_country: 200,
        share_region: 62.5,
        share_country: 40.48583,
        lq: lq(50 / 80, 200 / 494),
        used: true,
        status: null,
        country_status: null,
      },
      {
        region_kato: AKTOBE,
        industry: 'D',
        gva: 20,
        gva_country: null,
        share_region: null,
        share_country: null,
        lq: null,
        used: false,
        status: null,
        country_status: 'x',
      },
    ]);
  });

  it('every index within its bounds, the row naming the sections used and what they cover', async () => {
    const rows = await query(
      `SELECT region_kato, industries, used_industries, industries_excluded, excluded_industries,
              round(coverage_region_pct, 6) AS coverage_region_pct, round(coverage_country_pct, 6) AS coverage_country_pct,
              round(lq_variance, 6) AS lq_variance, round(hhi, 6) AS hhi, round(krugman, 6) AS krugman,
              round(hachman, 6) AS hachman, round(entropy, 6) AS entropy, gva_total
       FROM ${table('specialisation')} ORDER BY region_kato`,
    );
    expect(rows).toEqual([
      // 115 of the 159 Akmola reports; all 727 of the Republic's known figures.
      // Hachman 1 / sum s_r² / s_KZ = 0.996396 <= 1; entropy 1.57008 <= log2(3) = 1.584963
      {
        region_kato: AKMOLA,
        industries: 3,
        used_industries: 'A,B,C',
        industries_excluded: 1,
        excluded_industries: 'D (Republic x)',
        coverage_region_pct: 72.327044,
        coverage_country_pct: 100,
        lq_variance: 0.003513,
        hhi: 0.340038,
        krugman: 0.054662,
        hachman: 0.996396,
        entropy: 1.57008,
        gva_total: 115,
      },
      // 80 of Aktobe's known 100; 494 of 727. Entropy 0.954434 <= log2(2) = 1
      {
        region_kato: AKTOBE,
        industries: 2,
        used_industries: 'A,C',
        industries_excluded: 2,
        excluded_industries: 'B (region x), D (Republic x)',
        coverage_region_pct: 80,
        coverage_country_pct: 67.950481,
        lq_variance: 0.208688,
        hhi: 0.53125,
        krugman: 0.440283,
        hachman: 0.832548,
        entropy: 0.954434,
        gva_total: 80,
      },
    ]);
  });
});
