import { describe, expect, it } from 'vitest';
import { csv, runTrade, table } from './helpers.ts';

/*
 * SYNTHETIC data (not statistics): exports to seven partners in 2012-2016,
 * 2019 and 2020, each partner a power of two (thousand USD) so that a bloc's
 * sum shows exactly which members were counted:
 *   RU 1, BY 2, AM 4, KG 8, CN 16, DE 32, GB 64   (world = 127)
 * Partners are given partly as alpha-2 (RU, BY, AM) and partly as alpha-3.
 * Membership (registry/blocs.csv): Customs Union RU BY KZ 2010-2014; EAEU
 * RU BY KZ from 2015-01-01, AM 2015-01-02, KG 2015-08-12; EU with GB until
 * 2020-01-31; CIS RU BY AM KG; SCO RU KG CN; far abroad = not CIS.
 */
const partners: [string, number][] = [
  ['RU', 1],
  ['BY', 2],
  ['AM', 4],
  ['KGZ', 8],
  ['CHN', 16],
  ['DEU', 32],
  ['GBR', 64],
];
const years = [2012, 2013, 2014, 2015, 2016, 2019, 2020];
const annual = csv(
  'indicator,region,period,value,unit,partner',
  years.flatMap((y) =>
    partners.map(([p, v]) => ['exports', 'Republic of Kazakhstan', y, v, 'thousand USD', p]),
  ),
);
// SYNTHETIC quarters of 2015: Kyrgyzstan joined the EAEU on 12 August (Q3: 50 of 92 days).
const quarters = csv(
  'indicator,region,period,value,unit,partner',
  ['2015-Q2', '2015-Q3'].flatMap((q) => [
    ['exports', '000000000', q, 1, 'thousand USD', 'RUS'],
    ['exports', '000000000', q, 8, 'thousand USD', 'KG'],
  ]),
);

type BlocRow = { year: number; period: string; bloc: string; value_usd: number; members: number };
const bloc = (out: string, name: string) =>
  table<BlocRow>(out, 'trade_by_bloc', 'year, period, value_usd', `bloc = '${name}' AND flow = 'export'`);

describe('blocs respect membership dates (default rule: member on more than half of the period)', async () => {
  const run = await runTrade({ 'synthetic_blocs.csv': annual, 'synthetic_quarters.csv': quarters });

  it('publishes', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('the Customs Union is RU + BY in 2012-2014 and does not exist afterwards', async () => {
    expect(await bloc(run.out, 'customs_union')).toEqual([
      { year: 2012, period: '2012', value_usd: 3 },
      { year: 2013, period: '2013', value_usd: 3 },
      { year: 2014, period: '2014', value_usd: 3 },
    ]);
  });

  it('the EAEU starts in 2015 with RU, BY and AM (from 2 January); KG counts from 2016, and in 2015-Q3', async () => {
    expect(await bloc(run.out, 'eaeu')).toEqual([
      { year: 2015, period: '2015', value_usd: 1 + 2 + 4 },
      { year: 2015, period: '2015-Q2', value_usd: 1 },
      { year: 2015, period: '2015-Q3', value_usd: 1 + 8 },
      { year: 2016, period: '2016', value_usd: 15 },
      { year: 2019, period: '2019', value_usd: 15 },
      { year: 2020, period: '2020', value_usd: 15 },
    ]);
  });

  it('the EU holds DE and GB until 2019, DE alone in 2020 (GB left on 31 January)', async () => {
    const eu = await bloc(run.out, 'eu');
    expect(eu.map((r) => [r.period, r.value_usd])).toEqual([
      ['2012', 96],
      ['2013', 96],
      ['2014', 96],
      ['2015', 96],
      ['2016', 96],
      ['2019', 96],
      ['2020', 32],
    ]);
  });

  it('CIS and far abroad partition the world; SCO, Central Asia and China as members', async () => {
    const rows = await table<{ bloc: string; value_usd: number; share_pct: number }>(
      run.out,
      'trade_by_bloc',
      'bloc, value_usd, share_pct',
      "period = '2016' AND flow = 'export'",
    );
    expect(rows).toEqual([
      { bloc: 'central_asia', value_usd: 8, share_pct: (8 / 127) * 100 },
      { bloc: 'china', value_usd: 16, share_pct: (16 / 127) * 100 },
      { bloc: 'cis', value_usd: 15, share_pct: (15 / 127) * 100 },
      { bloc: 'eaeu', value_usd: 15, share_pct: (15 / 127) * 100 },
      { bloc: 'eu', value_usd: 96, share_pct: (96 / 127) * 100 },
      { bloc: 'far_abroad', value_usd: 112, share_pct: (112 / 127) * 100 },
      { bloc: 'sco', value_usd: 25, share_pct: (25 / 127) * 100 },
      { bloc: 'world', value_usd: 127, share_pct: 100 },
    ]);
  });

  it('alpha-2 partners are normalised to alpha-3', async () => {
    const rows = await table<{ partner: string }>(
      run.out,
      'trade_by_partner',
      'DISTINCT partner',
      "period = '2012'",
    );
    expect(rows.map((r) => r.partner)).toEqual(['ARM', 'BLR', 'CHN', 'DEU', 'GBR', 'KGZ', 'RUS']);
  });

  it('the membership table shows the days behind each decision', async () => {
    const rows = await table(
      run.out,
      'bloc_membership',
      'period, partner, days_member, period_days, counted',
      "bloc = 'eaeu' AND partner IN ('ARM', 'KGZ') AND year = 2015",
    );
    expect(rows).toEqual([
      { period: '2015', partner: 'ARM', days_member: 364, period_days: 365, counted: true },
      { period: '2015', partner: 'KGZ', days_member: 142, period_days: 365, counted: false },
      { period: '2015-Q2', partner: 'ARM', days_member: 91, period_days: 91, counted: true },
      { period: '2015-Q3', partner: 'ARM', days_member: 92, period_days: 92, counted: true },
      { period: '2015-Q3', partner: 'KGZ', days_member: 50, period_days: 92, counted: true },
    ]);
  });

  it('bloc growth compares the bloc as constituted in each year (EAEU 2016: KG joins, 7 -> 15)', async () => {
    const rows = await table<{ period: string; growth_yoy_pct: number | null }>(
      run.out,
      'trade_by_bloc',
      'period, growth_yoy_pct',
      "bloc = 'eaeu' AND flow = 'export' AND period_type = 'year'",
    );
    expect(rows).toEqual([
      { period: '2015', growth_yoy_pct: null },
      { period: '2016', growth_yoy_pct: (15 / 7 - 1) * 100 },
      { period: '2019', growth_yoy_pct: null },
      { period: '2020', growth_yoy_pct: 0 },
    ]);
  });
});

describe('membership rule period_end: a country counts when it is a member on the last day', async () => {
  const run = await runTrade({ 'synthetic_blocs.csv': annual }, [
    '--param',
    'trade.bloc_membership=period_end',
  ]);

  it('Kyrgyzstan counts for the EAEU in 2015; GB is out of the EU in 2020', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect((await bloc(run.out, 'eaeu')).find((r) => r.period === '2015')?.value_usd).toBe(15);
    expect((await bloc(run.out, 'eu')).find((r) => r.period === '2020')?.value_usd).toBe(32);
  });

  it('an unknown rule is a usage error', async () => {
    const bad = await runTrade({ 'synthetic_blocs.csv': annual }, [
      '--param',
      'trade.bloc_membership=sometimes',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bloc_membership/);
  });
});
