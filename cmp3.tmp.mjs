import { DuckDBInstance } from '@duckdb/node-api';
const [a,b] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:'); const c = await inst.connect();
const cols = (await (await c.run(`DESCRIBE SELECT * FROM read_parquet('${a}')`)).getRowObjects()).map(r=>[r.column_name,r.column_type]);
const sel = (p) => `SELECT ${cols.map(([x,t])=> ['industry','partner','product','flow'].includes(x)?`CASE WHEN "${x}" IN ('_T','_Z') THEN NULL ELSE "${x}" END AS "${x}"`: t==='DOUBLE'?`format('{:.10g}', "${x}") AS "${x}"`:`"${x}"`).join(',')} FROM read_parquet('${p}')`;
const r = await (await c.run(`SELECT * FROM (SELECT 'before' AS side, * FROM (${sel(a)} EXCEPT ${sel(b)}) UNION ALL SELECT 'after', * FROM (${sel(b)} EXCEPT ${sel(a)})) ORDER BY 2,3,4,5, side LIMIT 8`)).getRowObjectsJson();
for (const row of r) console.log(JSON.stringify(row).slice(0,600));
