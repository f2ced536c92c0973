import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
const [a, b] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:'); const c = await inst.connect();
for (const ds of ['observations','innovation','structure','trade']) {
  for (const f of fs.readdirSync(`${a}/${ds}/latest`).filter(f=>f.endsWith('.parquet'))) {
    const fb = `${b}/${ds}/latest/${f}`;
    if (!fs.existsSync(fb)) { console.log(ds, f, 'missing in b'); continue; }
    const norm = (p) => `(SELECT * REPLACE (${['industry','partner','product','flow'].map(k=>`CASE WHEN ${k} IN ('_T','_Z') THEN NULL ELSE ${k} END AS ${k}`).join(',')}) FROM read_parquet('${p}'))`;
    const cols = (await (await c.run(`DESCRIBE SELECT * FROM read_parquet('${fb}')`)).getRowObjects()).map(r=>r.column_name);
    const colsA = (await (await c.run(`DESCRIBE SELECT * FROM read_parquet('${a}/${ds}/latest/${f}')`)).getRowObjects()).map(r=>r.column_name);
    const common = cols.filter(x=>colsA.includes(x));
    const sel = (p) => { const keys=['industry','partner','product','flow'].filter(k=>common.includes(k)); const cs = common.map(x=> keys.includes(x)?`CASE WHEN "${x}" IN ('_T','_Z') THEN NULL ELSE "${x}" END AS "${x}"`:`CASE WHEN typeof("${x}") = 'DOUBLE' THEN format('{:.10g}', "${x}") ELSE "${x}"::VARCHAR END AS "${x}"`).join(','); return `SELECT ${cs} FROM read_parquet('${p}')`; };
    const q = `SELECT (SELECT count(*) FROM (${sel(`${a}/${ds}/latest/${f}`)} EXCEPT ALL ${sel(fb)})) AS only_a, (SELECT count(*) FROM (${sel(fb)} EXCEPT ALL ${sel(`${a}/${ds}/latest/${f}`)})) AS only_b, (SELECT count(*) FROM read_parquet('${fb}')) AS n`;
    const r = (await (await c.run(q)).getRowObjects())[0];
    const extra = cols.filter(x=>!colsA.includes(x)), gone = colsA.filter(x=>!cols.includes(x));
    if (r.only_a || r.only_b || extra.length || gone.length) console.log(ds, f, 'rows', r.n, 'only before', r.only_a, 'only after', r.only_b, extra.length?'new cols '+extra:'', gone.length?'gone cols '+gone:'');
  }
}
