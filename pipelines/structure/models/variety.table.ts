import { defineTable } from '../../../src/index.ts';
import { int, num, region, vintage, year } from '../columns.ts';

export default defineTable({
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
});
