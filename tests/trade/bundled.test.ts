import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run.ts';
import { expectNothingNew, runCli, runJson, tempDir } from '../helpers/cli.ts';
import { table } from './helpers.ts';

/* The real BNS partner files bundled in data/raw/trade (2020-2025, thousand USD). */
describe('kzstat run trade on the bundled BNS partner files', async () => {
  const out = await tempDir('kzstat-trade-bundled-');
  const first = await runCli(['run', 'trade', '--offline', '--out', out, '--json']);
  const summary = first.stdout ? runSummary.parse(JSON.parse(first.stdout)) : undefined;

  it('publishes the trade dataset', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(summary!.published.map((p) => p.dataset)).toEqual(['trade']);
  });

  it('keys partners on the ISO code and keeps the name the BNS printed that year', async () => {
    const rows = await table<{ period: string; note: string; value_usd: number }>(
      out,
      'trade_by_partner',
      'period, note, value_usd',
      "partner = 'BIH' AND flow = 'export' AND period IN ('2020', '2021')",
    );
    // data/raw/trade/kz_exports_by_partner.csv rows 231 and 42
    expect(rows).toEqual([
      { period: '2020', note: 'Босния и Герцеговина', value_usd: 111.97252 },
      { period: '2021', note: 'Босния И Герцеговина', value_usd: 2230.49627 },
    ]);
  });

  it("Russia's share of imports in 2021: 17,605,534.2 of the 190 partners' 41,415,435.5 thousand USD", async () => {
    const [ru] = await table<{ value_usd: number; share_pct: number; total_source: string }>(
      out,
      'trade_by_partner',
      'value_usd, share_pct, total_source',
      "partner = 'RUS' AND flow = 'import' AND period = '2021'",
    );
    expect(ru!.value_usd).toBe(17605534.20124);
    expect(ru!.share_pct).toBeCloseTo(42.5097, 3);
    expect(ru!.total_source).toBe('sum of partners');
    const totals = await table(
      out,
      'trade_totals',
      'partners, total_source',
      "period = '2021' AND flow = 'import'",
    );
    expect(totals).toEqual([{ partners: 190, total_source: 'sum of partners' }]);
  });

  it('says in the run report that no BNS total is bundled, so none could be compared', () => {
    const w = summary!.warnings.filter((x) => x.check === 'totals_vs_published');
    expect(w.map((x) => x.message.slice(0, 46))).toEqual([
      'export 2020, 2021, 2022, 2023, 2024, 2025: no ',
      'import 2020, 2021, 2022, 2023, 2024, 2025: no ',
    ]);
    expect(w[0]!.message).toMatch(/could not be checked against a BNS total/);
  });

  it('blocs of 2024: SCO without Belarus (joined 4 July), CIS and far abroad add up to the world', async () => {
    const rows = await table<{ bloc: string; members: number | null; share_pct: number }>(
      out,
      'trade_by_bloc',
      'bloc, members, share_pct',
      "period = '2024' AND flow = 'export' AND bloc IN ('sco', 'cis', 'far_abroad', 'eaeu')",
    );
    expect(rows.map((r) => [r.bloc, r.members])).toEqual([
      ['cis', 9],
      ['eaeu', 4],
      ['far_abroad', 240],
      ['sco', 8],
    ]);
    const cis = rows.find((r) => r.bloc === 'cis')!.share_pct;
    const far = rows.find((r) => r.bloc === 'far_abroad')!.share_pct;
    expect(cis + far).toBeCloseTo(100, 9);
  });

  it('a second run is fully cached and publishes nothing', async () => {
    const again = await runJson(['run', 'trade', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const s = again.summary;
    expectNothingNew(s);
  });
});
