/**
 * The tables a query reads, from the tree DuckDB's parser makes of it
 * (`json_serialize_sql`). The whole tree is walked, not a list of the places
 * a table can stand, so a table is found wherever DuckDB allows one: a join
 * of any kind (a comma is a cross join), a subquery in FROM, SELECT or WHERE
 * (IN, EXISTS, a scalar one), a lateral join, either side of a UNION, a CTE's
 * body. Not counted: a CTE's name within its scope, a qualified name
 * (`schema.table` is no model's), a table function (`read_csv(...)`) and a
 * file DuckDB reads by its path (`FROM 'x.csv'`).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface CteEntry {
  key: string;
  value: Json;
}

const isObject = (x: Json | undefined): x is JsonObject =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** DuckDB matches names without regard to case, quoted or not. */
const nameOf = (s: string) => s.toLowerCase();

/** Names of tables (lower case) that the parsed statements read, each once, in the order first met. */
export function tableRefs(parsed: Json): string[] {
  const found = new Set<string>();
  const walk = (x: Json, scope: ReadonlySet<string>): void => {
    if (Array.isArray(x)) {
      for (const item of x) walk(item, scope);
      return;
    }
    if (!isObject(x)) return;
    const ctes = cteEntries(x);
    if (ctes.length) {
      // a CTE's body sees the CTEs before it in its WITH (and the enclosing ones), not itself nor those after
      let inScope = new Set(scope);
      for (const cte of ctes) {
        walk(cte.value, inScope);
        inScope = new Set([...inScope, nameOf(cte.key)]);
      }
      for (const [key, value] of Object.entries(x)) if (key !== 'cte_map') walk(value, inScope);
      return;
    }
    if (x.type === 'RECURSIVE_CTE_NODE' && typeof x.cte_name === 'string')
      scope = new Set([...scope, nameOf(x.cte_name)]);
    if (x.type === 'BASE_TABLE' && typeof x.table_name === 'string') {
      const name = nameOf(x.table_name);
      if (!x.schema_name && !x.catalog_name && !scope.has(name) && !/[./\\]/.test(name)) found.add(name);
    }
    for (const value of Object.values(x)) walk(value, scope);
  };
  walk(parsed, new Set());
  return [...found];
}

/**
 * Names of the functions (lower case) the parsed statements call, table functions (`FROM f(3)`)
 * and scalar ones alike, each once: a macro another model creates is read like a table.
 * Unqualified calls only; most are DuckDB's own, which no model creates.
 */
export function functionCalls(parsed: Json): string[] {
  const found = new Set<string>();
  const walk = (x: Json): void => {
    if (Array.isArray(x)) {
      for (const item of x) walk(item);
      return;
    }
    if (!isObject(x)) return;
    if (x.class === 'FUNCTION' && typeof x.function_name === 'string' && !x.schema && !x.catalog)
      found.add(nameOf(x.function_name));
    for (const value of Object.values(x)) walk(value);
  };
  walk(parsed);
  return [...found];
}

function cteEntries(node: JsonObject): CteEntry[] {
  const map = node.cte_map;
  const entries = isObject(map) ? map.map : undefined;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (e): e is JsonObject & CteEntry => isObject(e) && typeof e.key === 'string' && 'value' in e,
  );
}
