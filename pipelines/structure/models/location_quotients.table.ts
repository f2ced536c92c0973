import { defineTable } from '../../../src/index.ts';
import { industry, industryNeeds, mln, num, olderBorders, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  needs: industryNeeds,
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
    num('lq', 'location quotient share_region / share_country; NULL for 0/0 or a section left out', 'ratio'),
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
});
