import { describe, expect, it } from 'vitest';
import { orderModels } from '../../src/models/order.ts';

const model = (name: string, sql: string) => ({ file: `pipelines/p/models/${name}.sql`, sql });

describe('the order of SQL models follows from what each reads', () => {
  it('a model runs after the models it reads; ties go by file name', () => {
    const order = orderModels(
      [
        model('c_scores', 'SELECT * FROM b_inputs JOIN a_indicators USING (id)'),
        model('b_inputs', 'WITH x AS (SELECT 1) SELECT * FROM observations, x'),
        model('a_indicators', "SELECT 'from c_scores' AS note FROM regions -- reads c_scores? no"),
        model('d_other', 'SELECT * FROM observations'),
      ],
      { inputs: ['observations', 'regions'] },
    );
    expect(order.map((f) => f.split('/').pop())).toEqual([
      'a_indicators.sql',
      'b_inputs.sql',
      'c_scores.sql',
      'd_other.sql',
    ]);
  });

  it('a cycle is an error naming the files', () => {
    expect(() =>
      orderModels([model('a', 'SELECT * FROM b'), model('b', 'SELECT * FROM a')], { inputs: [] }),
    ).toThrow(
      'pipelines/p/models/a.sql -> pipelines/p/models/b.sql -> pipelines/p/models/a.sql read each other in a cycle',
    );
  });

  it('reading a table no model creates nor the pipeline declares is an error naming file and table', () => {
    expect(() =>
      orderModels([model('a', 'SELECT * FROM rating_scoress')], { inputs: ['observations'] }),
    ).toThrow(
      "pipeline definition error in pipelines/p/models/a.sql: it reads 'rating_scoress': no model of pipelines/p/models creates it",
    );
  });

  it('two models creating one table is an error naming both', () => {
    expect(() =>
      orderModels([model('a', 'CREATE TABLE b AS SELECT 1'), model('b', 'SELECT 2')], { inputs: [] }),
    ).toThrow('both create the table');
  });
});
