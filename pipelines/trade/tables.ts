import type { ColumnSpec, TableSpec } from '../../src/index.ts';

/** The tables the trade pipeline publishes: their keys, columns and what each column means. */

const USD = 'thousand USD';
const period: ColumnSpec[] = [
  { name: 'year', type: 'int32', required: true, description: 'calendar year of the period' },
  {
    name: 'period',
    type: 'string',
    required: true,
    description: '2022, 2022-Q1, 2022-H1, 2022-M03 or 2022-YTD-Q3 (year-to-date)',
  },
  { name: 'period_type', type: 'string', required: true, description: 'year, half, quarter, month or ytd' },
];
const flow: ColumnSpec = {
  name: 'flow',
  type: 'string',
  required: true,
  description: "'export' or 'import'",
};
const money = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description: `${description}, thousand USD`,
  unit: USD,
});
const pct = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'percent',
});
const growth: ColumnSpec[] = [
  pct(
    'growth_prev_pct',
    '(value / value of the previous period - 1) * 100; NULL when that period is missing or 0; none for year-to-date periods',
  ),
  pct(
    'growth_yoy_pct',
    '(value / value of the same period a year earlier - 1) * 100; NULL when missing or 0',
  ),
];
const text = (name: string, description: string, required = false): ColumnSpec => ({
  name,
  type: 'string',
  description,
  required,
});
const bool = (name: string, description: string): ColumnSpec => ({ name, type: 'bool', description });
/** The coverage columns of every table built on products (pipelines/trade/models/product_coverage.sql). */
const coverage = (of: string): ColumnSpec[] => [
  pct(
    'product_coverage_pct',
    `${of} given by product / the published total * 100; NULL when no total is published for the period`,
  ),
  bool(
    'complete',
    `false when ${of} by product fall short of the published total by more than coverage_tolerance_pct (or a value is unknown): shares and sums over products are then not the period's; NULL when there is no published total to compare with`,
  ),
];

export const tables: TableSpec[] = [
  {
    name: 'trade_by_partner',
    title: 'Exports and imports by partner country',
    description:
      'One row per period, flow and partner (ISO 3166-1 alpha-3): value, share of the total, growth (docs/publishing.md trade.trade_by_partner).',
    primaryKey: ['year', 'period', 'flow', 'partner'],
    columns: [
      ...period,
      flow,
      text('partner', 'ISO 3166-1 alpha-3 code of the partner country', true),
      text('partner_name_en', 'English name (registry/countries.csv)'),
      text('partner_name_ru', 'Russian name (registry/countries.csv)'),
      money('value_usd', 'exports to / imports from the partner'),
      pct('share_pct', 'share of total exports / imports of the period, percent'),
      ...growth,
      text('status', "NULL = published value; 'x' confidential, 'na' not available"),
      text(
        'value_source',
        "'published', or 'sum of products' when the input gave the partner only by product",
      ),
      bool('complete', 'false when the value is NULL or a sum with NULL parts'),
      text(
        'total_source',
        "where the denominator comes from: 'published', 'sum of partners', 'sum of products'",
      ),
      text('note', "the source's note: for the BNS files the partner's Russian name as printed that year"),
      text('source', 'raw file and row the figure came from'),
    ],
  },
  {
    name: 'trade_by_bloc',
    title: 'Exports and imports by bloc',
    description:
      "One row per period, flow and bloc, the bloc's members as of that period (bloc_membership); 'world' = all partners (docs/publishing.md trade.trade_by_bloc).",
    primaryKey: ['year', 'period', 'flow', 'bloc'],
    columns: [
      ...period,
      flow,
      text(
        'bloc',
        'eaeu, customs_union, cis, far_abroad, sco, eu, central_asia, china (registry/bloc_definitions.csv) or world',
        true,
      ),
      text('bloc_name_en', 'English name'),
      text('bloc_name_ru', 'Russian name'),
      money('value_usd', 'sum over the partners that count for the bloc in the period'),
      pct('share_pct', 'share of total exports / imports of the period, percent'),
      ...growth,
      {
        name: 'members',
        type: 'int32',
        description: 'countries counted for the bloc in the period (Kazakhstan excluded)',
      },
      {
        name: 'partners_with_data',
        type: 'int32',
        description: 'of those, partners with a row in the inputs',
      },
      bool(
        'complete',
        "false when a member present in the inputs has a NULL value, or when the period's partner rows account for less of the total than coverage_tolerance_pct allows (trade_totals.partner_coverage_pct) and some member has no row",
      ),
      text('total_source', 'where the denominator comes from'),
      text('partners', 'ISO3 codes of the partners summed, space-separated'),
    ],
  },
  {
    name: 'trade_balance',
    title: 'Trade balance and coverage by partner, bloc and world',
    description:
      'Exports, imports, balance X - M and coverage X / M * 100 per period for each partner, bloc and the world (docs/publishing.md trade.trade_balance).',
    primaryKey: ['year', 'period', 'partner_or_bloc'],
    columns: [
      ...period,
      text('partner_or_bloc', 'ISO3 partner code, bloc id, or world', true),
      text('kind', "'partner', 'bloc' or 'world'", true),
      text('name_en', 'English name'),
      money('exports_usd', 'exports'),
      money('imports_usd', 'imports'),
      money('balance_usd', 'exports - imports; NULL when either is missing'),
      pct('coverage_pct', 'exports / imports * 100; NULL when imports are 0 or missing'),
      money('turnover_usd', 'exports + imports'),
    ],
  },
  {
    name: 'trade_totals',
    schemaVersion: '1.1',
    title: 'Total exports and imports',
    description:
      'The denominator of every share: the published total when an input gives one, else the sum over partners; with the difference between the two where both exist.',
    primaryKey: ['year', 'period', 'flow'],
    columns: [
      ...period,
      flow,
      money('value_usd', 'total used for shares'),
      text('total_source', "'published', 'sum of partners' or 'sum of products'", true),
      money('published_usd', "total as published (input row with partner '_T')"),
      money('sum_of_partners_usd', 'sum over partners'),
      pct('difference_pct', '(sum of partners / published - 1) * 100'),
      pct(
        'partner_coverage_pct',
        'sum of partners / value_usd * 100: how much of the total the partner rows account for',
      ),
      { name: 'partners', type: 'int32', description: 'partners with a row' },
      { name: 'partners_without_value', type: 'int32', description: 'partners whose value is NULL' },
      text(
        'published_source',
        'raw file and row of the published total (or the first and last month summed)',
      ),
    ],
  },
  {
    name: 'bloc_membership',
    title: 'Bloc membership by period',
    description:
      'Which country counts for which bloc in each period of the inputs, under the parameter bloc_membership (default: member on more than half of the days).',
    primaryKey: ['year', 'period', 'bloc', 'partner'],
    columns: [
      ...period,
      text('bloc', 'bloc id', true),
      text('partner', 'ISO3 code', true),
      { name: 'days_member', type: 'int32', description: 'days of the period the country was a member' },
      { name: 'period_days', type: 'int32', description: 'days in the period' },
      bool('counted', 'whether the country counts for the bloc in this period'),
    ],
  },
  {
    name: 'product_coverage',
    title: 'Coverage of the published totals by goods given by product',
    description:
      'Per period and flow, for all partners (partner `_T`) and for each partner whose total is published: the sum of the goods given by product against the published total, and whether the period is complete (within coverage_tolerance_pct). UN Comtrade misses 12 % of exports and 43 % of imports of Kazakhstan in 2020.',
    primaryKey: ['year', 'period', 'flow', 'partner'],
    columns: [
      ...period,
      flow,
      text('partner', "ISO3 code; '_T' = all partners", true),
      money('products_usd', 'sum of the top-level product rows (nothing counted twice)'),
      money('published_usd', 'the published total (for a partner, its published value)'),
      ...coverage('the goods'),
      text('reason', 'why the period is not complete, or why that cannot be said'),
    ],
  },
  {
    name: 'trade_by_product',
    needs: {
      indicators: ['exports', 'imports'],
      inputs: 'exports or imports by HS product (indicator exports or imports with a product code)',
      where: 'NOT covers_all(product)',
    },
    schemaVersion: '1.1',
    title: 'Exports and imports by HS product',
    description:
      'All partners together, by product as given (or by chapter summed over partners): share, growth, degree of processing, resource or not.',
    primaryKey: ['year', 'period', 'flow', 'product'],
    columns: [
      ...period,
      flow,
      text('product', 'HS code', true),
      { name: 'hs_digits', type: 'int32', description: 'length of the HS code (2 chapter, 4 heading, 6+)' },
      money('value_usd', 'value'),
      pct('share_pct', 'share of total exports / imports, percent'),
      ...growth,
      text('degree', "'raw', 'processed' (registry/hs_processing.csv) or 'unclassified'", true),
      bool('resource', 'HS chapter in the parameter resource_chapters'),
      bool('top_level', 'no coarser code of the same period and flow is given (rows that add up)'),
      text('status', 'status of the value'),
      text('value_source', "'published' or 'sum of partners'"),
      money('published_usd', "the BNS's own figure for the product, where published (crude oil, HS 2709)"),
      pct('difference_pct', '(value_usd / published_usd - 1) * 100'),
      ...coverage("the period's goods"),
    ],
  },
  {
    name: 'trade_by_partner_product',
    needs: {
      indicators: ['exports', 'imports'],
      inputs: 'exports or imports by partner and HS product',
      where: 'NOT covers_all(product) AND NOT covers_all(partner)',
    },
    schemaVersion: '1.1',
    title: 'Exports and imports by partner and HS product',
    description:
      'Rows with both a partner and a product, as given, with growth (the integration report 2020).',
    primaryKey: ['year', 'period', 'flow', 'partner', 'product'],
    columns: [
      ...period,
      flow,
      text('partner', 'ISO3 code', true),
      text('product', 'HS code', true),
      money('value_usd', 'value'),
      pct('share_of_partner_pct', "share of the partner's total, percent"),
      ...growth,
      text('status', 'status of the value'),
      ...coverage("the partner's goods"),
      text('source', 'raw file and row'),
    ],
  },
  {
    name: 'material_flows',
    needs: {
      indicators: ['exports', 'imports'],
      inputs: 'exports or imports by HS product',
      where: 'NOT covers_all(product)',
    },
    schemaVersion: '1.1',
    title: 'Balance of material flows by degree of processing',
    description:
      'Exports and imports of raw and processed goods (registry/hs_processing.csv), their balance and each flow’s processed share (Kunyazov 2020).',
    primaryKey: ['year', 'period', 'degree'],
    columns: [
      ...period,
      text('degree', "'raw', 'processed' or 'unclassified'", true),
      money('exports_usd', 'exports of the degree'),
      money('imports_usd', 'imports of the degree'),
      money('balance_usd', 'exports - imports'),
      pct('coverage_pct', 'exports / imports * 100'),
      pct('export_share_pct', 'share of the degree in exports by product, percent'),
      pct('import_share_pct', 'share of the degree in imports by product, percent'),
      pct('export_product_coverage_pct', 'exports given by product / published total exports * 100'),
      pct('import_product_coverage_pct', 'imports given by product / published total imports * 100'),
      bool(
        'complete',
        'false when exports or imports by product fall short of the published total by more than coverage_tolerance_pct: the shares are then not the period’s; NULL when neither flow has a published total',
      ),
    ],
  },
  {
    name: 'non_resource_exports',
    needs: {
      indicators: ['exports'],
      inputs: 'exports by HS product',
      where: 'NOT covers_all(product)',
    },
    schemaVersion: '1.1',
    title: 'Non-resource exports and progress towards doubling',
    description:
      'Exports outside the resource chapters (parameter resource_chapters) against the same period of the base year (parameter doubling_base_year); doubling_progress_pct = 100 means doubled (the integration report 2020).',
    primaryKey: ['year', 'period'],
    columns: [
      ...period,
      money('resource_usd', 'exports of the resource chapters'),
      money('non_resource_usd', 'exports of all other chapters'),
      money('products_usd', 'exports given by product (top-level codes)'),
      pct('non_resource_share_pct', 'non-resource / products * 100'),
      { name: 'base_year', type: 'int32', description: 'parameter doubling_base_year' },
      text('base_period', 'the same period in the base year'),
      money('base_non_resource_usd', 'non-resource exports of the base period'),
      pct('pct_of_base', 'non-resource exports / base * 100'),
      pct('doubling_progress_pct', '(non-resource / base - 1) * 100; 100 = doubled'),
      { name: 'target_year', type: 'int32', description: 'parameter doubling_target_year' },
      money('target_usd', '2 * base'),
      ...coverage('exports'),
      bool(
        'base_complete',
        'complete of the base period: progress against an incomplete base is not progress',
      ),
    ],
  },
  {
    name: 'import_dependence',
    needs: {
      indicators: ['production'],
      inputs: 'production by product (indicator production, thousand USD, the HS codes of the trade rows)',
    },
    schemaVersion: '1.1',
    title: 'Import dependence by product',
    description:
      'M / (Q + M - X) * 100 by product where production is supplied, and its change (Kunyazov 2020: import substitution).',
    primaryKey: ['year', 'period', 'product'],
    columns: [
      ...period,
      text('product', 'HS code shared by production and trade rows', true),
      money('production_usd', 'production (indicator production)'),
      money('imports_usd', 'imports'),
      money('exports_usd', 'exports'),
      money('apparent_consumption_usd', 'production + imports - exports'),
      pct('import_dependence_pct', 'imports / apparent consumption * 100; NULL with a reason'),
      {
        name: 'change_prev_pp',
        type: 'double',
        description: 'change against the previous period, percentage points (negative = substitution)',
        unit: 'percentage points',
      },
      {
        name: 'change_yoy_pp',
        type: 'double',
        description: 'change against the same period a year earlier, percentage points',
        unit: 'percentage points',
      },
      text('reason', 'why import_dependence_pct is NULL'),
      ...coverage('imports'),
    ],
  },
  {
    name: 'revealed_comparative_advantage',
    needs: {
      indicators: ['exports', 'world_exports'],
      inputs: 'exports by HS product and world exports by the same products (indicator world_exports)',
      where: 'NOT covers_all(product)',
    },
    schemaVersion: '1.1',
    title: 'Revealed comparative advantage (Balassa) by product',
    description:
      'RCA = (X_KZ,k / X_KZ) / (X_W,k / X_W) where world exports are supplied: by chapter, summed from headings where the two sides are in different HS editions (HS 2012 against the HS 1992 world trade), and by code as given otherwise; a heading of different editions has no RCA, with the reason.',
    primaryKey: ['year', 'period', 'product'],
    columns: [
      ...period,
      text('product', 'HS code', true),
      { name: 'hs_digits', type: 'int32', description: 'length of the HS code (2 chapter, 4 heading)' },
      money('exports_usd', "Kazakhstan's exports of the product"),
      money('total_exports_usd', "Kazakhstan's total exports"),
      money('world_exports_usd', 'world exports of the product'),
      money('world_total_exports_usd', 'world exports, all goods'),
      pct('kz_share_pct', "the product's share of Kazakhstan's exports"),
      pct('world_share_pct', "the product's share of world exports"),
      {
        name: 'rca',
        type: 'double',
        description: 'Balassa index; > 1 = revealed advantage',
        unit: 'ratio',
      },
      text('reason', 'why rca is NULL'),
      ...coverage('exports'),
    ],
  },
  {
    name: 'trade_intensity',
    needs: {
      indicators: ['world_imports'],
      inputs:
        'the imports of each partner country from the world, all goods, and the world total (indicator world_imports with a partner, e.g. a WITS download; the bundled world trade is by product only)',
      where: 'NOT covers_all(partner) AND covers_all(product)',
    },
    title: 'Trade intensity of exports by partner',
    description: 'TII_j = (X_KZ,j / X_KZ) / (M_j / M_W) where world imports are supplied.',
    primaryKey: ['year', 'period', 'partner'],
    columns: [
      ...period,
      text('partner', 'ISO3 code of the importing partner', true),
      text('partner_name_en', 'English name'),
      money('exports_usd', 'exports to the partner'),
      money('total_exports_usd', "Kazakhstan's total exports"),
      money('partner_imports_usd', "the partner's imports from the world"),
      money('world_imports_usd', 'world imports'),
      pct('kz_export_share_pct', "the partner's share of Kazakhstan's exports"),
      pct('partner_import_share_pct', "the partner's share of world imports"),
      {
        name: 'tii',
        type: 'double',
        description: 'trade intensity index; > 1 = more intense than the partner’s weight',
        unit: 'ratio',
      },
    ],
  },
];
