import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe("trade_flows: the Republic's exports and imports as flows", () => {
  it('exports become export, imports import; regional figures and other indicators are not trade flows', async () => {
    await observations(db, [
      {
        indicator: 'exports',
        region_kato: '000000000',
        year: 2022,
        partner: 'CHN',
        value: 10,
        unit: 'thousand USD',
      },
      {
        indicator: 'imports',
        region_kato: '000000000',
        year: 2022,
        partner: 'CHN',
        value: 20,
        unit: 'thousand USD',
      },
      {
        indicator: 'exports',
        region_kato: '110000000',
        year: 2022,
        partner: 'CHN',
        value: 1,
        unit: 'thousand USD',
      },
      {
        indicator: 'production',
        region_kato: '000000000',
        year: 2022,
        product: '1001',
        value: 5,
        unit: 'thousand USD',
      },
    ]);
    const rows = await runModel(db, 'trade', 'trade_flows');
    expect(pick(rows, ['flow', 'partner', 'product', 'value'])).toEqual([
      { flow: 'export', partner: 'CHN', product: '_T', value: 10 },
      { flow: 'import', partner: 'CHN', product: '_T', value: 20 },
    ]);
  });
});
