import { defineTable } from '../../../src/index.ts';
import { industryNeeds, int, mln, num, olderBorders, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  needs: industryNeeds,
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
});
