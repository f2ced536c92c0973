import { type ColumnSpec, revisionColumns, type TableSpec } from '../../src/index.ts';

/** The tables the structure pipeline publishes: their keys, columns and what each column means. */

const region: ColumnSpec = {
  name: 'region_kato',
  type: 'string',
  required: true,
  description: "9-digit KATO code of the region; '000000000' is the Republic",
};
const year: ColumnSpec = { name: 'year', type: 'int32', required: true, description: 'calendar year' };
const vintage: ColumnSpec = {
  name: 'boundary_vintage',
  type: 'string',
  required: true,
  description:
    'the regional borders the row refers to: 1997, 2018 (Turkestan/Shymkent) or 2022 (Abai/Zhetisu/Ulytau); registry/boundary_vintages.csv',
};
const olderBorders: ColumnSpec = {
  name: 'older_borders',
  type: 'bool',
  description:
    'true for a region printed on older borders beside its recalculated successors in the same year (South Kazakhstan 2011-2017): kept for its own series, left out of anything that adds or ranks regions',
};
const industry: ColumnSpec = {
  name: 'industry',
  type: 'string',
  required: true,
  description: 'OKED section letter (A..U)',
};
const mln = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'million tenge',
});
const pct = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'percent',
});
const num = (name: string, description: string, unit?: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  ...(unit ? { unit } : {}),
});
const int = (name: string, description: string): ColumnSpec => ({ name, type: 'int32', description });

export const tables: TableSpec[] = [
  {
    name: 'location_quotients',
    needs: {
      indicators: ['gva'],
      inputs: 'gross value added by OKED section and region (BNS)',
      yearsLeftOut:
        'a year whose OKED sections cover less than the parameter min_gva_coverage_pct of GDP has no industry indices (table gva_coverage)',
    },
    title: 'Location quotients (structural coefficients)',
    description:
      'LQ = share of the section in the region’s gross value added / its share in the Republic’s (Taskarayeva et al. 2023), by region, OKED section and year; both shares over the sections with a figure for both (a confidential or missing cell leaves its section out of both) (pipelines/structure/models/location_quotients.sql).',
    primaryKey: ['region_kato', 'year', 'industry'],
    schemaVersion: '1.1',
    columns: [
      region,
      year,
      industry,
      vintage,
      mln('gva', "the region's gross value added in the section; NULL when it has no figure"),
      mln('gva_country', "the Republic's gross value added in the section"),
      pct(
        'share_region',
        "the section's share of the region's gross value added over the sections used (the common support); NULL for a section left out",
      ),
      pct(
        'share_country',
        "the section's share of the Republic's gross value added over the same sections; NULL for a section left out",
      ),
      num(
        'lq',
        'location quotient share_region / share_country; NULL for 0/0 or a section left out',
        'ratio',
      ),
      pct('share_of_national', "the region's share of the Republic's gross value added in the section"),
      {
        name: 'reported',
        type: 'bool',
        description: 'false when the region has no figure for a section the Republic reports',
      },
      {
        name: 'used',
        type: 'bool',
        description:
          'the section is in the common support: both the region and the Republic have a figure for it in this year; a confidential or missing cell on either side leaves it out of both shares',
      },
      {
        name: 'status',
        type: 'string',
        description: "status of the region's figure ('x' confidential, ...)",
      },
      {
        name: 'country_status',
        type: 'string',
        description: "status of the Republic's figure ('x' confidential, ...)",
      },
      {
        name: 'country_derived',
        type: 'bool',
        description: 'the national figure is a sum of regions (no Republic row)',
      },
      olderBorders,
    ],
  },
  {
    name: 'specialisation',
    needs: {
      indicators: ['gva'],
      inputs: 'gross value added by OKED section and region (BNS)',
      yearsLeftOut:
        'a year whose OKED sections cover less than the parameter min_gva_coverage_pct of GDP has no industry indices (table gva_coverage)',
    },
    title: 'Specialisation and diversification of the regional economies',
    description:
      'Per region and year: variance of the location quotients (Taskarayeva et al. 2023), Herfindahl-Hirschman, Krugman, Hachman and Shannon entropy over the OKED sections with a figure for both the region and the Republic, which the row names with what they cover (pipelines/structure/models/specialisation.sql).',
    primaryKey: ['region_kato', 'year'],
    schemaVersion: '2.0',
    columns: [
      region,
      year,
      vintage,
      int(
        'industries',
        'sections used: with a figure for both the region and the Republic (the common support)',
      ),
      { name: 'used_industries', type: 'string', description: 'those sections, comma-separated' },
      int(
        'industries_excluded',
        'sections left out of both bases: a confidential or missing cell of the region or of the Republic',
      ),
      {
        name: 'excluded_industries',
        type: 'string',
        description: "those sections with the reason, e.g. 'D (Republic x), E (region: no figure)'",
      },
      pct(
        'coverage_region_pct',
        "share of the region's gross value added with a figure that the sections used cover",
      ),
      pct(
        'coverage_country_pct',
        "share of the Republic's gross value added with a figure that the sections used cover",
      ),
      num(
        'lq_variance',
        'population variance of the LQs over the sections (NULL with fewer than two)',
        'ratio²',
      ),
      num('hhi', 'Herfindahl-Hirschman index, sum of squared shares (fractions, 0..1)'),
      num('krugman', 'Krugman specialisation index, sum |s_r - s_KZ| over the sections used (0..2)'),
      num('hachman', 'Hachman index 1 / sum LQ·s (0..1; 1 = the national structure)'),
      num('entropy', 'Shannon entropy of the section shares', 'bits'),
      mln('gva_total', "the region's gross value added over the sections used"),
      olderBorders,
    ],
  },
  {
    name: 'variety',
    needs: {
      indicators: ['gva'],
      inputs:
        'gross value added by OKED division (indicator gva with two-digit industry codes; the bundled BNS series is by section only)',
      where: "regexp_full_match(industry, '\\d{2}')",
    },
    title: 'Related and unrelated variety',
    description:
      'Frenken, Van Oort & Verburg (2007) decomposition of the entropy over OKED divisions into unrelated (between sections) and related (within sections) variety; empty without division-level data (pipelines/structure/models/variety.sql).',
    primaryKey: ['region_kato', 'year'],
    columns: [
      region,
      year,
      vintage,
      int('divisions', 'divisions with a figure'),
      int('sections', 'sections they fall in'),
      num('unrelated_variety', 'entropy of the section shares', 'bits'),
      num('related_variety', 'share-weighted entropy of the division shares within each section', 'bits'),
      num('entropy_divisions', 'entropy of the division shares (= unrelated + related)', 'bits'),
    ],
  },
  {
    name: 'cluster_candidates',
    needs: {
      indicators: ['gva'],
      inputs: 'gross value added by OKED section and region (BNS)',
      yearsLeftOut:
        'a year whose OKED sections cover less than the parameter min_gva_coverage_pct of GDP has no industry indices (table gva_coverage)',
    },
    title: 'Cluster candidates',
    description:
      'Region-section pairs with LQ >= cluster_lq_min and at least cluster_share_min_pct % of the national section (Kokenova et al. 2020), with the LQ trend (pipelines/structure/models/cluster_candidates.sql).',
    primaryKey: ['region_kato', 'year', 'industry'],
    columns: [
      region,
      year,
      industry,
      vintage,
      num('lq', 'location quotient', 'ratio'),
      pct('share_of_national', "the region's share of the Republic's gross value added in the section"),
      pct('share_region', "the section's share of the region's gross value added (over the sections used)"),
      mln('gva', "the region's gross value added in the section"),
      num(
        'lq_trend',
        'OLS slope of the LQ on the year over the last trend_years years (NULL with fewer than 3)',
        'per year',
      ),
      int('trend_points', 'years in the trend window'),
      int('trend_from', 'first year of the trend window'),
      num('lq_change', 'LQ minus the previous year’s', 'ratio'),
      olderBorders,
    ],
  },
  {
    name: 'gva_coverage',
    title: 'Completeness of the section breakdown by year',
    description:
      'Whether the Republic’s OKED sections cover enough of GDP for industry indices (pipelines/structure/models/gva_coverage.sql).',
    primaryKey: ['year'],
    columns: [
      year,
      int('sections', 'sections the Republic reports'),
      { name: 'section_list', type: 'string', description: 'those sections' },
      mln('republic_gva', 'their sum'),
      { name: 'republic_derived', type: 'bool', description: 'no Republic row: summed from the regions' },
      mln('gdp', "the Republic's GRP (GDP)"),
      pct('coverage_pct', 'republic_gva / gdp'),
      {
        name: 'used',
        type: 'bool',
        required: true,
        description: 'industry indices computed for this year',
      },
      { name: 'reason', type: 'string', description: 'why not, or why unchecked' },
    ],
  },
  {
    name: 'grp_per_capita',
    needs: {
      indicators: ['grp', 'grp_per_capita'],
      inputs: 'gross regional product and population by region (BNS)',
    },
    title: 'GRP per capita',
    description:
      'GRP / average annual population on the same borders, thousand tenge, with rank (Taskarayeva et al. 2023; pipelines/structure/models/grp_per_capita.sql).',
    primaryKey: ['region_kato', 'year'],
    columns: [
      region,
      year,
      vintage,
      mln('grp', 'gross regional product, current prices'),
      { name: 'grp_status', type: 'string', description: "'p' when the GRP is preliminary" },
      num('population', 'average annual population on the same borders', 'persons'),
      { name: 'population_method', type: 'string', description: 'how the population was obtained' },
      num('grp_per_capita', 'GRP per capita', 'thousand tenge'),
      int('rank', '1 = highest, among the regions of the year’s newest borders'),
      int('ranked_regions', 'regions ranked that year'),
      olderBorders,
      num('published_grp_per_capita', 'the figure as published, when given as an input', 'thousand tenge'),
      pct('difference_pct', '(grp_per_capita / published - 1) * 100'),
    ],
  },
  {
    name: 'shares_of_gdp',
    title: 'Shares of GDP',
    description:
      'GRP of each region as a share of the sum of regions and of the Republic’s GDP (pipelines/structure/models/shares_of_gdp.sql).',
    primaryKey: ['region_kato', 'year'],
    columns: [
      region,
      year,
      vintage,
      mln('grp', 'gross regional product, current prices'),
      pct('share_pct', 'GRP / sum of the regions’ GRP'),
      mln('regions_sum', 'sum of the regions’ GRP (newest borders)'),
      int('regions', 'regions in the sum'),
      mln('republic_grp', 'the Republic’s published GDP'),
      pct('share_of_republic_pct', 'GRP / the Republic’s GDP'),
      int('rank', '1 = largest'),
    ],
  },
  {
    name: 'contributions_to_growth',
    needs: {
      indicators: ['grp'],
      inputs: 'gross regional product by region (BNS), and its volume index for real contributions',
      yearsLeftOut: "the first year of a region's series has no previous year to grow from",
    },
    title: 'Contributions to GDP growth',
    description:
      'Contribution of each region to GDP growth in percentage points, nominal always and real where volume indices exist; the Republic row carries the totals (pipelines/structure/models/contributions_to_growth.sql).',
    primaryKey: ['region_kato', 'year'],
    columns: [
      region,
      year,
      { ...vintage, description: 'the borders of the previous year, on which both years are compared' },
      mln('grp_previous', 'GRP of the previous year'),
      mln('grp', 'GRP of the year, on the same borders'),
      pct('nominal_growth_pct', 'nominal growth of the GRP'),
      num(
        'contribution_nominal_pp',
        'contribution to the nominal growth of the sum of regions',
        'percentage points',
      ),
      num('volume_index', 'volume index of the GRP, previous year = 100', 'percent, previous year = 100'),
      num(
        'contribution_real_pp',
        'contribution to real GDP growth (Republic row: their sum)',
        'percentage points',
      ),
    ],
  },
  {
    name: 'inequality',
    title: 'Regional inequality of GRP per capita',
    description:
      'Across the regions of each year’s newest borders, unweighted: CV, Theil T, mean log deviation, Gini; population-weighted CV (Williamson); sigma = SD of ln GRP per capita (pipelines/structure/models/inequality.sql).',
    primaryKey: ['year'],
    columns: [
      year,
      vintage,
      int('regions', 'regions in the comparison'),
      num('mean_grp_per_capita', 'unweighted mean', 'thousand tenge'),
      num('national_grp_per_capita', 'sum of GRP / sum of population', 'thousand tenge'),
      num('cv', 'coefficient of variation (sample SD / mean)'),
      num('theil', 'Theil T index'),
      num('mld', 'mean log deviation (Theil L)'),
      num('gini', 'Gini coefficient'),
      num('williamson', 'population-weighted coefficient of variation'),
      num('sigma', 'population SD of ln GRP per capita (sigma-convergence)'),
    ],
  },
  {
    name: 'beta_convergence',
    title: 'Beta-convergence of GRP per capita',
    description:
      'OLS of the annual growth of GRP per capita on its initial log level across regions, on common borders, with the speed of convergence and half-life (pipelines/structure/models/beta_convergence.sql).',
    primaryKey: ['from_year', 'to_year'],
    columns: [
      { name: 'from_year', type: 'int32', required: true, description: 'initial year T0' },
      { name: 'to_year', type: 'int32', required: true, description: 'final year T1' },
      vintage,
      int('regions', 'regions in the regression'),
      num('beta', 'slope of (1/T) ln(y_T1 / y_T0) on ln y_T0'),
      num('beta_std_error', 'conventional standard error of beta'),
      num('intercept', 'intercept'),
      num('r2', 'R²'),
      num('convergence_speed', 'lambda, the speed of convergence -ln(1 + T beta) / T', 'per year'),
      num('half_life', 'ln 2 / convergence_speed', 'years'),
    ],
  },
  {
    name: 'enterprise_demography',
    needs: {
      indicators: ['organisations_registered', 'organisations_opened', 'organisations_liquidated'],
      inputs:
        'counts of registered, newly registered and liquidated legal entities by region and year (BNS enterprise demography)',
    },
    title: 'Enterprise demography',
    description:
      'Registered, opened and liquidated organisations by region, industry and year; empty without these inputs (pipelines/structure/models/enterprise_demography.sql).',
    primaryKey: ['region_kato', 'year', 'industry'],
    schemaVersion: '2.0',
    columns: [
      region,
      year,
      {
        name: 'industry',
        type: 'string',
        required: true,
        description: "OKED section or division; '_T' = all industries",
      },
      vintage,
      num('registered', 'registered organisations', 'count'),
      num('opened', 'organisations opened', 'count'),
      num('liquidated', 'organisations liquidated', 'count'),
      num('net_opened', 'opened - liquidated', 'count'),
      num('opened_per_liquidated', 'opened / liquidated', 'ratio'),
      num('registered_change', 'registered minus the previous year’s', 'count'),
      pct('registered_growth_pct', 'growth of registered organisations'),
    ],
  },
  {
    name: 'resilience_panel',
    title: 'Diversification and GRP per capita: fixed-effects regressions',
    description:
      'Within (fixed-effects) regressions of ln GRP per capita on diversification (Taskarayeva et al. 2023, table 1), region-on-borders fixed effects, conventional standard errors with N - entities - k degrees of freedom (src/panel/within.ts).',
    primaryKey: ['model', 'term'],
    columns: [
      { name: 'model', type: 'string', required: true, description: 'the regressors' },
      { name: 'term', type: 'string', required: true, description: 'the regressor' },
      num('coefficient', 'within estimate'),
      num('std_error', 'conventional standard error'),
      num('t_stat', 'coefficient / std_error'),
      { name: 'dependent', type: 'string', description: 'the dependent variable' },
      int('n_obs', 'observations'),
      int('n_entities', 'regions (on their borders)'),
      int('n_periods', 'years'),
      int('df_resid', 'N - entities - k'),
      num(
        'within_r2',
        'within R² (with year effects, their share of the within variation included, as Stata reports it)',
      ),
      { name: 'time_effects', type: 'bool', description: 'year dummies included' },
      int('first_year', 'first year of the panel'),
      int('last_year', 'last year of the panel'),
    ],
  },
  {
    name: 'revisions',
    title: 'Revisions between the sources',
    description:
      'Figures two inputs give differently: the value kept (newer vintage) and the one it superseded, e.g. the GRP workbook’s preliminary 2023 against the revised processed series.',
    primaryKey: [
      'indicator',
      'region_kato',
      'period',
      'industry',
      'partner',
      'product',
      'flow',
      'superseded_source',
    ],
    schemaVersion: '2.0',
    columns: revisionColumns,
    fromNormalise: 'revisions',
  },
];
