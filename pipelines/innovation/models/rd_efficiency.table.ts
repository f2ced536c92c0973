import { commonColumns, defineTable } from '../../../src/index.ts';

export default defineTable({
  needs: {
    indicators: ['innovative_products', 'rd_expenditure'],
    inputs: 'innovative products and internal R&D expenditure in money (million tenge) by region',
  },
  title: 'Efficiency of R&D spending',
  description:
    'efficiency = share of the country’s innovative products / share of its R&D expenditure (Kireeva), where both figures exist.',
  primaryKey: ['region_kato', 'year'],
  columns: [
    commonColumns.region_kato,
    commonColumns.year,
    {
      name: 'boundary_vintage',
      type: 'string',
      required: true,
      description: 'borders of the innovative products figure',
    },
    {
      name: 'innovative_products',
      type: 'double',
      description: 'innovative goods and services, in `unit`',
    },
    { name: 'rd_expenditure', type: 'double', description: 'internal R&D expenditure, in `unit`' },
    { name: 'unit', type: 'string', required: true, description: 'unit of both money figures' },
    {
      name: 'innovative_products_total',
      type: 'double',
      description: 'national total used for the share',
    },
    { name: 'rd_expenditure_total', type: 'double', description: 'national total used for the share' },
    {
      name: 'innovative_products_total_derived',
      type: 'bool',
      description: 'true when the total is the sum of the regions (no Republic row)',
    },
    {
      name: 'rd_expenditure_total_derived',
      type: 'bool',
      description: 'true when the total is the sum of the regions (no Republic row)',
    },
    {
      name: 'share_innovative_products',
      type: 'double',
      unit: 'percent',
      description: 'region / national innovative products * 100',
    },
    {
      name: 'share_rd_expenditure',
      type: 'double',
      unit: 'percent',
      description: 'region / national R&D expenditure * 100',
    },
    {
      name: 'efficiency',
      type: 'double',
      description: 'share_innovative_products / share_rd_expenditure (ratio; 1 = proportional)',
    },
    { name: 'reason', type: 'string', description: 'why efficiency is NULL' },
  ],
});
