import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, runCli, tempDir } from '../helpers/cli.ts';

/** Equal to 6 significant digits, the precision econometrics software prints. */
const sig6 = (v: number) => Number(v.toPrecision(6));

interface Result {
  terms: { term: string; coefficient: number; std_error: number; t: number }[];
  time_effects: { term: string }[];
  omitted: string[];
  n: number;
  entities: number;
  periods: number;
  df_resid: number;
  within_r2: number;
  rss: number;
  tss: number;
  dropped_missing: number;
}

async function panel(args: string[]) {
  const r = await runCli(['panel', ...args]);
  return {
    ...r,
    json: r.code === 0 && args.includes('--json') ? (JSON.parse(r.stdout) as Result) : undefined,
  };
}

async function csvFile(name: string, lines: string[]): Promise<string> {
  const file = path.join(await tempDir('kzstat-panel-'), name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('kzstat panel on the Grunfeld panel (10 firms, 1935-1954) against published results', () => {
  const grunfeld = [
    '--input',
    bundled('reference', 'grunfeld_10_firms.csv'),
    '--entity',
    'firm',
    '--time',
    'year',
  ];

  it('equals R plm and Stata xtreg, fe to 6 significant digits', async () => {
    const { code, stderr, json } = await panel([
      ...grunfeld,
      '--y',
      'invest',
      '--x',
      'value,capital',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const [value, capital] = json!.terms;
    // Stata, `xtreg invest mvalue kstock, fe` on these data (Baltagi's Grunfeld, = plm's):
    // mvalue .1101238 (Std. Err. .0118567), kstock .3100653 (.0173545), R-sq within 0.7668, 200 obs, 10 groups;
    // as recorded from Stata in the test suite of the Python package "regressions" (test_xtreg_nonrobust_coef/_se).
    expect(sig6(value!.coefficient)).toBe(sig6(0.1101238));
    expect(sig6(value!.std_error)).toBe(sig6(0.0118567));
    expect(sig6(capital!.coefficient)).toBe(sig6(0.3100653));
    expect(sig6(capital!.std_error)).toBe(sig6(0.0173545));
    // R plm, summary(plm(inv ~ value + capital, data = Grunfeld, model = "within")) (plm's Grunfeld is
    // Baltagi 2001's, per its documentation), as printed in "R for analytics", section 9.2 Fixed Effects
    // Model (rforanalytics.com/9.2-fixed-effects-model.html): value 0.110124 (0.011857, t 9.2879),
    // capital 0.310065 (0.017355, t 17.8666), Total SS 2244400, Residual SS 523480, R-Squared 0.76676,
    // F on 2 and 188 DF, n = 10, T = 20, N = 200. Baltagi (2005), table 2.1, prints the same to 3 digits.
    expect(sig6(value!.coefficient)).toBe(0.110124);
    expect(sig6(capital!.coefficient)).toBe(0.310065);
    expect(value!.std_error.toFixed(6)).toBe('0.011857');
    expect(capital!.std_error.toFixed(6)).toBe('0.017355');
    expect(value!.t.toFixed(4)).toBe('9.2879');
    expect(capital!.t.toFixed(4)).toBe('17.8666');
    expect(json!.within_r2.toFixed(5)).toBe('0.76676');
    expect(json!.within_r2.toFixed(4)).toBe('0.7668');
    expect(Math.round(json!.rss / 10) * 10).toBe(523480);
    expect(Math.round(json!.tss / 100) * 100).toBe(2244400);
    expect({ n: json!.n, entities: json!.entities, periods: json!.periods, df: json!.df_resid }).toEqual({
      n: 200,
      entities: 10,
      periods: 20,
      df: 188,
    });
  });

  it('prints a table on stdout without --json', async () => {
    const { code, stdout } = await panel([...grunfeld, '--y', 'invest', '--x', 'value,capital']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/N = 200, entities = 10, periods = 20, df = 188/);
    expect(stdout).toMatch(/within R² = 0\.766758/);
    expect(stdout).toMatch(/value\s+0\.1101238\s+0\.01185669\s+9\.2879/);
    expect(stdout).toMatch(/capital\s+0\.3100653\s+0\.01735450\s+17\.867/);
  });
});

describe('kzstat panel on a hand-computed panel (synthetic)', () => {
  // SYNTHETIC: two entities, three periods.
  // A: x 1 2 3, y 2 4 7 -> demeaned x -1 0 1, y -7/3 -1/3 8/3
  // B: x 1 3 5, y 1 2 5 -> demeaned x -2 0 2, y -5/3 -2/3 7/3
  // Sxx = 2 + 8 = 10, Sxy = 15/3 + 24/3 = 13 -> b = 1.3
  // TSS = 114/9 + 78/9 = 192/9; RSS = TSS - b Sxy = 21.3333 - 16.9 = 4.43333
  // df = 6 - 2 - 1 = 3; s² = RSS / 3; se = sqrt(1.477778 / 10) = 0.3844188; t = 1.3 / se = 3.381726; R² = 1 - RSS / TSS = 0.792188
  const lines = ['id,t,y,x', 'A,1,2,1', 'A,2,4,2', 'A,3,7,3', 'B,1,1,1', 'B,2,2,3', 'B,3,5,5'];

  it('gives the coefficient, standard error, t and within R² worked out by hand', async () => {
    const file = await csvFile('hand.csv', lines);
    const { code, stderr, json } = await panel([
      '--input',
      file,
      '--entity',
      'id',
      '--time',
      't',
      '--y',
      'y',
      '--x',
      'x',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    expect(
      json!.terms.map((t) => ({
        ...t,
        coefficient: sig6(t.coefficient),
        std_error: sig6(t.std_error),
        t: sig6(t.t),
      })),
    ).toEqual([{ term: 'x', coefficient: 1.3, std_error: 0.384419, t: 3.38173 }]);
    expect(sig6(json!.rss)).toBe(4.43333);
    expect(sig6(json!.within_r2)).toBe(0.792188);
    expect(json!.df_resid).toBe(3);
  });

  it('leaves out rows with an empty cell and says how many', async () => {
    const file = await csvFile('missing.csv', [...lines, 'B,4,,7']);
    const { code, json } = await panel([
      '--input',
      file,
      '--entity',
      'id',
      '--time',
      't',
      '--y',
      'y',
      '--x',
      'x',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(json!.dropped_missing).toBe(1);
    expect(sig6(json!.terms[0]!.coefficient)).toBe(1.3);
  });

  it('with period dummies, leaves out those the entity effects already span', async () => {
    // SYNTHETIC: A and B are seen in periods 1-3, C and D in 4-6, so the two blocks share no period.
    // On C's and D's rows d4 + d5 + d6 = 1, a constant the entity effects absorb: one of the three
    // dummies must go (the last, t=6, in the order they are tried); 2 and 3 stay.
    const blocks = [
      'id,t,y,x',
      ...['A,1,1,1', 'A,2,3,2', 'A,3,6,4', 'B,1,2,2', 'B,2,3,2', 'B,3,7,5'],
      ...['C,4,2,1', 'C,5,5,3', 'C,6,6,4', 'D,4,4,3', 'D,5,4,4', 'D,6,9,8'],
    ];
    const file = await csvFile('blocks.csv', blocks);
    const { code, stderr, json } = await panel([
      '--input',
      file,
      '--entity',
      'id',
      '--time',
      't',
      '--y',
      'y',
      '--x',
      'x',
      '--time-effects',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    expect(json!.omitted).toEqual(['t=6']);
    expect(json!.time_effects.map((t) => t.term)).toEqual(['t=2', 't=3', 't=4', 't=5']);
    expect(json!.df_resid).toBe(12 - 4 - 5);
  });
});

describe('kzstat panel refuses bad usage (exit 2) and bad CSV (exit 3)', () => {
  const good = ['id,t,y,x', 'A,1,2,1', 'A,2,4,2', 'B,1,1,1', 'B,2,2,3'];

  it('exit 2 when a flag is missing or a column is named twice, or the file does not exist', async () => {
    const file = await csvFile('good.csv', good);
    let r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --x/);
    r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y', '--x', 'x,y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column 'y' is named twice/);
    r = await panel([
      '--input',
      path.join(path.dirname(file), 'nope.csv'),
      '--entity',
      'id',
      '--time',
      't',
      '--y',
      'y',
      '--x',
      'x',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv: no such file/);
  });

  it('exit 3 for a missing column, naming it and the columns there are', async () => {
    const file = await csvFile('good.csv', good);
    const r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y', '--x', 'x,z']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/good\.csv row 1: no column 'z' \(columns: id, t, y, x\)/);
  });

  it('exit 3 for a value that is not a number, naming the row and column', async () => {
    const file = await csvFile('bad.csv', [...good, 'B,3,"1,5",4', 'B,4,7,n/a']);
    const r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y', '--x', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.csv row 6: y = '1,5' is not a number/);
    expect(r.stderr).toMatch(/bad\.csv row 7: x = 'n\/a' is not a number/);
  });

  it('exit 3 for an entity and period given twice', async () => {
    const file = await csvFile('twice.csv', [...good, 'A,1,9,9']);
    const r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y', '--x', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/twice\.csv row 6: id 'A' and t '1' appear already in row 2/);
  });

  it('exit 3 for a regressor that does not vary within any entity', async () => {
    const file = await csvFile('constant.csv', [
      'id,t,y,x,z',
      'A,1,2,1,5',
      'A,2,4,2,5',
      'A,3,5,4,5',
      'B,1,1,1,7',
      'B,2,2,3,7',
      'B,3,4,4,7',
    ]);
    const r = await panel(['--input', file, '--entity', 'id', '--time', 't', '--y', 'y', '--x', 'x,z']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot estimate: 'z' does not vary within any entity/);
  });
});
