import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, observations, pick, rounded, runModel } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_intensity: TII = (X_j / X) / (M_j / M_W)', () => {
  it("Kazakhstan's share of exports to j over j's share of world imports; a partner importing nothing has none", async () => {
    const exportsTo = (partner: string, value_usd: number) => ({
      year: 2022,
      period: '2022',
      period_type: 'year',
      flow: 'export',
      partner,
      partner_name_en: partner,
      value_usd,
      share_pct: value_usd,
    });
    await contractTable(db, 'trade', 'trade_by_partner', [exportsTo('CHN', 30), exportsTo('TUR', 5)]);
    await contractTable(db, 'trade', 'trade_totals', [{ period: '2022', flow: 'export', value_usd: 100 }]);
    const imports = (partner: string, value: number) => ({
      indicator: 'world_imports',
      region_kato: '000000000',
      year: 2022,
      partner,
      value,
      unit: 'thousand USD',
    });
    await observations(db, [imports('_T', 1000), imports('CHN', 200), imports('TUR', 0)]);
    const rows = rounded(await runModel(db, 'trade', 'trade_intensity'));
    expect(pick(rows, ['partner', 'partner_import_share_pct', 'tii'])).toEqual([
      { partner: 'CHN', partner_import_share_pct: 20, tii: 1.5 },
      { partner: 'TUR', partner_import_share_pct: 0, tii: null },
    ]);
  });
});
