import { describe, expect, it } from 'vitest';
import { orderModels } from '../../src/models/order.ts';

const model = (name: string, sql: string) => ({ file: `pipelines/p/models/${name}.sql`, sql });

/** The file names in the order they run. */
async function order(models: { file: string; sql: string }[], inputs: string[] = ['observations']) {
  return (await orderModels(models, { inputs })).map((f) =>
    f
      .split('/')
      .pop()!
      .replace(/\.sql$/, ''),
  );
}

describe('the order of SQL models follows from what each reads', () => {
  it('a model runs after the models it reads; ties go by file name', async () => {
    expect(
      await order(
        [
          model('c_scores', 'SELECT * FROM b_inputs JOIN a_indicators USING (id)'),
          model('b_inputs', 'WITH x AS (SELECT 1) SELECT * FROM observations, x'),
          model('a_indicators', "SELECT 'from c_scores' AS note FROM regions -- reads c_scores? no"),
          model('d_other', 'SELECT * FROM observations'),
        ],
        ['observations', 'regions'],
      ),
    ).toEqual(['a_indicators', 'b_inputs', 'c_scores', 'd_other']);
  });

  it('a comma join reads the table after the comma', async () => {
    expect(
      await order([
        model('a_scores', 'SELECT * FROM observations x, z_base y WHERE x.id = y.id'),
        model('z_base', 'SELECT 1 AS id'),
      ]),
    ).toEqual(['z_base', 'a_scores']);
  });

  it('a CTE named like a model is the CTE within its query, the model outside it', async () => {
    const cte = model('a_uses_cte', 'WITH z_base AS (SELECT * FROM observations) SELECT * FROM z_base');
    // no dependency: a_uses_cte runs first, by its name
    expect(await order([cte, model('z_base', 'SELECT 1 AS id')])).toEqual(['a_uses_cte', 'z_base']);
    // the CTE's own body does not see its name: there it is the model's table
    const body = model('a_wraps', 'WITH z_base AS (SELECT * FROM z_base) SELECT * FROM z_base');
    expect(await order([body, model('z_base', 'SELECT 1 AS id')])).toEqual(['z_base', 'a_wraps']);
    // a subquery beside the CTE's query, in another scope, reads the model
    const outside = model(
      'a_outside',
      'SELECT * FROM (WITH z_base AS (SELECT 1 AS id) SELECT * FROM z_base) s, z_base',
    );
    expect(await order([outside, model('z_base', 'SELECT 1 AS id')])).toEqual(['z_base', 'a_outside']);
  });

  it('a subquery in WHERE (IN, EXISTS, scalar) reads its tables', async () => {
    const models = [
      model(
        'a_filtered',
        `SELECT * FROM observations o
         WHERE o.id IN (SELECT id FROM y_keep)
           AND NOT EXISTS (SELECT 1 FROM z_drop d WHERE d.id = o.id)
           AND o.value > (SELECT avg(value) FROM x_mean)`,
      ),
      model('x_mean', 'SELECT 1.0 AS value'),
      model('y_keep', 'SELECT 1 AS id'),
      model('z_drop', 'SELECT 2 AS id'),
    ];
    expect(await order(models)).toEqual(['x_mean', 'y_keep', 'z_drop', 'a_filtered']);
  });

  it('both sides of a UNION, a lateral join and a join of any kind are read', async () => {
    const models = [
      model('a_union', 'SELECT id FROM observations UNION ALL SELECT id FROM z_more'),
      model('b_lateral', 'SELECT * FROM observations o, LATERAL (SELECT * FROM z_more m WHERE m.id = o.id)'),
      model(
        'c_joins',
        'SELECT * FROM observations o LEFT JOIN y_left USING (id) ASOF JOIN z_more m ON o.t >= m.t',
      ),
      model('y_left', 'SELECT 1 AS id'),
      model('z_more', 'SELECT 1 AS id, 1 AS t'),
    ];
    expect(await order(models)).toEqual(['y_left', 'z_more', 'a_union', 'b_lateral', 'c_joins']);
  });

  it('a qualified name and a table function are no model references', async () => {
    const models = [
      model('a_elsewhere', "SELECT * FROM main.z_base, read_csv('z_base.csv'), 'z_base.parquet'"),
      model('z_base', 'SELECT 1 AS id'),
    ];
    // nothing to wait for, and nothing unknown either
    expect(await order(models, [])).toEqual(['a_elsewhere', 'z_base']);
  });

  it('a script runs after what its statements read, and creates the tables it names', async () => {
    const models = [
      model(
        'a_script',
        `-- a header comment; with a ';' in it
         CREATE OR REPLACE TEMP TABLE a_step AS SELECT * FROM observations, z_base;
         CREATE TABLE IF NOT EXISTS "A_Kept" (id INTEGER);
         INSERT INTO a_kept BY NAME SELECT id FROM a_step WHERE note <> 'a; b';
         CREATE OR REPLACE MACRO a_top(n) AS (SELECT max(id) FROM y_max) + n;
         SET VARIABLE a_limit = (SELECT count(*) FROM x_count);
         CREATE OR REPLACE TABLE a_script AS SELECT * FROM a_kept`,
      ),
      model('b_reads_kept', 'SELECT * FROM a_kept'),
      model('x_count', 'SELECT 1 AS id'),
      model('y_max', 'SELECT 1 AS id'),
      model('z_base', 'SELECT 1 AS id'),
    ];
    expect(await order(models)).toEqual(['x_count', 'y_max', 'z_base', 'a_script', 'b_reads_kept']);
  });

  it('a model inserting into another model’s table runs after it and before its readers', async () => {
    const models = [
      model('a_base', 'CREATE TABLE a_base (id INTEGER)'),
      model('b_more', 'INSERT INTO a_base SELECT id FROM observations'),
      model('c_reader', 'SELECT * FROM a_base'),
      model('d_also_more', 'INSERT INTO a_base (id) VALUES (1)'),
    ];
    expect(await order(models)).toEqual(['a_base', 'b_more', 'd_also_more', 'c_reader']);
  });

  it('a statement the parser cannot say the tables of needs the file to declare them, and only then', async () => {
    const update = 'UPDATE observations SET value = 0 WHERE id IN (SELECT id FROM z_base)';
    await expect(order([model('a_update', update), model('z_base', 'SELECT 1 AS id')])).rejects.toThrow(
      "pipeline definition error in pipelines/p/models/a_update.sql: DuckDB's parse does not give the tables that this statement reads (line 1: UPDATE observations ...)",
    );
    const declared = model('a_update', `-- reads: observations, z_base\n${update}`);
    expect(await order([declared, model('z_base', 'SELECT 1 AS id')])).toEqual(['z_base', 'a_update']);
    await expect(
      order([model('a', '-- reads: z_base\nSELECT * FROM z_base'), model('z_base', 'SELECT 1')]),
    ).rejects.toThrow(
      "pipeline definition error in pipelines/p/models/a.sql: its header declares what it reads ('-- reads: ...')",
    );
  });

  it('a syntax error is a definition error naming the model and the line', async () => {
    await expect(order([model('a_typo', 'SELECT *\nFROM observations\nWHER id = 1')])).rejects.toThrow(
      'pipeline definition error in pipelines/p/models/a_typo.sql: Parser Error: syntax error at or near "id" (line 3)',
    );
    await expect(
      order([model('a_script_typo', 'CREATE TABLE a AS SELECT 1;\nCREATE TABLE b AS SELEC 2')]),
    ).rejects.toThrow('pipeline definition error in pipelines/p/models/a_script_typo.sql: Parser Error');
  });

  it('a cycle is an error naming the files', async () => {
    await expect(order([model('a', 'SELECT * FROM b'), model('b', 'SELECT * FROM a')], [])).rejects.toThrow(
      'pipelines/p/models/a.sql -> pipelines/p/models/b.sql -> pipelines/p/models/a.sql read each other in a cycle',
    );
  });

  it('reading a table no model creates nor the pipeline declares is an error naming file and table', async () => {
    await expect(order([model('a', 'SELECT * FROM rating_scoress')])).rejects.toThrow(
      "pipeline definition error in pipelines/p/models/a.sql: it reads 'rating_scoress' (line 1): no model of pipelines/p/models creates it",
    );
  });

  it('the line named is that of the statement reading the unknown table, in a script too', async () => {
    const script = [
      '-- a header',
      'CREATE TEMP TABLE t AS SELECT 1 AS x;',
      '',
      'CREATE TABLE a AS',
      'SELECT * FROM t, rating_scoress;',
      'DELETE FROM a WHERE x IS NULL;',
    ].join('\n');
    await expect(order([model('a', `-- reads: t\n${script}`)])).rejects.toThrow(
      "it reads 'rating_scoress' (line 5)",
    );
    await expect(order([model('a', script.replace(/DELETE.*/, ''))])).rejects.toThrow(
      "it reads 'rating_scoress' (line 4)",
    );
  });

  it('a model that calls a macro another model creates runs after it, a table macro or a scalar one', async () => {
    const macros = model(
      'z_macros',
      [
        'CREATE OR REPLACE MACRO Top_Rows(n) AS TABLE SELECT * FROM observations LIMIT n;',
        'CREATE MACRO "half"(x) AS x / 2;',
        'CREATE TABLE z_macros AS SELECT half(1) AS h;',
      ].join('\n'),
    );
    expect(await order([model('a_top', 'SELECT * FROM top_rows(3)'), macros])).toEqual(['z_macros', 'a_top']);
    expect(
      await order([model('a_half', 'SELECT half(value) AS v, round(value) FROM observations'), macros]),
    ).toEqual(['z_macros', 'a_half']);
    // a builtin function, or a macro the model makes itself, orders nothing
    expect(await order([model('a_round', 'SELECT round(value) FROM observations'), macros])).toEqual([
      'a_round',
      'z_macros',
    ]);
  });

  it('two models creating one macro is an error naming both', async () => {
    await expect(
      order([
        model('a', 'CREATE MACRO m(x) AS x; CREATE TABLE a AS SELECT 1'),
        model('b', 'CREATE MACRO M(x) AS x + 1; CREATE TABLE b AS SELECT 1'),
      ]),
    ).rejects.toThrow("pipelines/p/models/b.sql: it and pipelines/p/models/a.sql both create the macro 'm'");
  });

  it('two models creating one table is an error naming both', async () => {
    await expect(
      order([model('a', 'CREATE TABLE b AS SELECT 1'), model('b', 'SELECT 2')], []),
    ).rejects.toThrow('both create the table');
  });
});
