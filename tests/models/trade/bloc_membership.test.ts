import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/core/duckdb.ts';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const dbs: Db[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
});

/** 2015, when Armenia joined the EAEU on 2 January and Kyrgyzstan on 12 August (142 of 365 days). */
async function membership(rule: string) {
  const db = await modelDb('trade', { bloc_membership: rule });
  dbs.push(db);
  await table(
    db,
    'period_links',
    [
      {
        year: 2015,
        period: '2015',
        period_type: 'year',
        period_start: '2015-01-01',
        period_end: '2015-12-31',
      },
    ],
    { period_start: 'DATE', period_end: 'DATE' },
  );
  await table(
    db,
    'bloc_members_raw',
    [
      { bloc: 'eaeu', member: 'KAZ', member_from: '2015-01-01', member_to: null },
      { bloc: 'eaeu', member: 'ARM', member_from: '2015-01-02', member_to: null },
      { bloc: 'eaeu', member: 'KGZ', member_from: '2015-08-12', member_to: null },
    ],
    { member_from: 'DATE', member_to: 'DATE' },
  );
  await table(db, 'bloc_definitions', [{ bloc: 'eaeu', complement_of: null }], { complement_of: 'VARCHAR' });
  return pick(await runModel(db, 'trade', 'bloc_membership'), [
    'partner',
    'days_member',
    'period_days',
    'counted',
  ]);
}

describe('bloc_membership: who counts for a bloc in a period, by the parameter bloc_membership', () => {
  it('majority of days (default): a member from August does not count for the year; Kazakhstan is never its own partner', async () => {
    expect(await membership('majority')).toEqual([
      { partner: 'ARM', days_member: 364, period_days: 365, counted: true },
      { partner: 'KGZ', days_member: 142, period_days: 365, counted: false },
    ]);
  });

  it('period_end: a member on the last day counts', async () => {
    expect((await membership('period_end')).map((r) => [r.partner, r.counted])).toEqual([
      ['ARM', true],
      ['KGZ', true],
    ]);
  });
});
