import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Db, lit } from '../core/duckdb.ts';
import { PipelineError } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { ParseCache } from '../core/parse-cache.ts';
import { fromRoot } from '../core/paths.ts';
import { headerComments, lineOf, type Statement, statements, type Token } from './sql-tokens.ts';
import { functionCalls, type Json, tableRefs } from './table-refs.ts';

/**
 * What each SQL model creates, writes and reads, from DuckDB's own parse of it.
 * `json_serialize_sql` serializes SELECT statements only, so a model that is one
 * SELECT is read whole; a script is split into its statements, and the query a
 * CREATE TABLE/VIEW ... AS, CREATE MACRO or INSERT holds (the only part of them
 * that can read a table) is handed to the parser as a SELECT of its own, the
 * name it creates or inserts into as `FROM <name>`, so DuckDB says how a
 * name is spelled too. A statement of another kind (UPDATE, DELETE, COPY, ...)
 * needs the file to declare what it reads, in a header comment line
 * `-- reads: table, table`: the one place where the parser cannot say.
 */
export interface ModelFile {
  /** project-relative path */
  file: string;
  sql: string;
}

export interface ModelTables {
  file: string;
  /** the table named after the file, and those its CREATE statements name */
  creates: string[];
  /** tables its INSERT statements add rows to: whoever reads them runs after it */
  writes: string[];
  /** every table it reads (FROM, JOIN, subqueries, INSERT targets, its declared reads), each once */
  reads: string[];
  /** the line of the statement that reads each of them first, for messages that point into the file */
  readAt: Record<string, number>;
  /** the macros its CREATE MACRO statements make */
  defines: string[];
  /** the functions it calls: whoever defines one of them as a macro runs before it */
  calls: string[];
}

type Parsed =
  | { error: false; statements: Json[] }
  | { error: true; error_type: string; error_message: string; position?: string };

/** One statement of a script, as far as its tables go. */
interface StatementPlan {
  /** SQL for json_serialize_sql whose table references the statement reads */
  queries: string[];
  /** a name (as written) the statement creates or inserts into, for DuckDB to spell */
  target?: { sql: string; writes: boolean };
  /** a SELECT statement of the script, to serialize as it is */
  whole?: string;
  /** the parser cannot say what it reads */
  unreadable?: boolean;
  /** a macro the statement creates, for DuckDB to spell */
  defines?: string;
}

/** Each text through json_serialize_sql, in one query for all. */
async function serialize(db: Db, texts: string[]): Promise<Parsed[]> {
  if (!texts.length) return [];
  const rows = await db.all<{ j: string }>(
    `SELECT json_serialize_sql(s) AS j FROM (VALUES ${texts.map((t, i) => `(${i}, ${lit(t)})`).join(', ')}) v(i, s) ORDER BY i`,
  );
  return rows.map((r) => JSON.parse(r.j) as Parsed);
}

/** A word token that is one of the keywords (DuckDB's keywords have no case). */
function isWord(t: Token | undefined, ...keywords: string[]): boolean {
  return t?.kind === 'word' && keywords.includes(t.text.toUpperCase());
}

/** Reads a statement's tokens from the front, one grammar step at a time. */
class Cursor {
  private i = 0;
  constructor(private readonly statement: Statement) {}

  private get tokens() {
    return this.statement.tokens;
  }

  /** consumes the keywords if they come next, in this order */
  take(...keywords: string[]): boolean {
    if (!keywords.every((k, n) => isWord(this.tokens[this.i + n], k))) return false;
    this.i += keywords.length;
    return true;
  }

  /** consumes one of the keywords, if one comes next */
  takeOne(...keywords: string[]): boolean {
    if (!isWord(this.tokens[this.i], ...keywords)) return false;
    this.i++;
    return true;
  }

  /** consumes a name, qualified or not (`t`, `"T"`, `main.t`), and gives its text */
  name(): string | undefined {
    const start = this.i;
    const part = () => {
      const kind = this.tokens[this.i]?.kind;
      if (kind !== 'word' && kind !== 'quoted') return false;
      this.i++;
      return true;
    };
    if (!part()) return undefined;
    while (this.punct('.')) if (!part()) return undefined;
    return this.slice(start, this.i);
  }

  /** consumes a parenthesised group and gives its tokens inside the parentheses */
  group(): Token[] | undefined {
    const inside = this.peekGroup();
    if (inside) this.i += inside.length + 2;
    return inside;
  }

  /** the tokens inside the parenthesised group that comes next, if one does */
  peekGroup(): Token[] | undefined {
    if (!this.isPunct('(', this.i)) return undefined;
    let depth = 0;
    for (let j = this.i; j < this.tokens.length; j++) {
      if (this.isPunct('(', j)) depth++;
      else if (this.isPunct(')', j) && --depth === 0) return this.tokens.slice(this.i + 1, j);
    }
    return undefined;
  }

  /** consumes a punctuation mark, if it comes next */
  punct(text: string): boolean {
    if (!this.isPunct(text, this.i)) return false;
    this.i++;
    return true;
  }

  /** the rest of the statement, cut before the first of `stops` at the top level */
  rest(...stops: string[][]): string {
    let depth = 0;
    let end = this.tokens.length;
    for (let j = this.i; j < this.tokens.length; j++) {
      if (this.isPunct('(', j)) depth++;
      else if (this.isPunct(')', j)) depth--;
      else if (depth === 0 && stops.some((s) => s.every((k, n) => isWord(this.tokens[j + n], k)))) {
        end = j;
        break;
      }
    }
    return this.slice(this.i, end);
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  private isPunct(text: string, at: number): boolean {
    const t = this.tokens[at];
    return t?.kind === 'punct' && t.text === text;
  }

  private slice(from: number, to: number): string {
    if (from >= to) return '';
    const offset = this.tokens[0]!.start;
    return this.statement.text.slice(this.tokens[from]!.start - offset, this.tokens[to - 1]!.end - offset);
  }
}

/** Where a statement of a script keeps the tables it reads, by its kind. */
function planOf(statement: Statement): StatementPlan {
  const c = new Cursor(statement);
  if (c.take('CREATE')) {
    c.take('OR', 'REPLACE');
    c.takeOne('TEMP', 'TEMPORARY');
    if (c.takeOne('TABLE', 'VIEW')) {
      c.take('IF', 'NOT', 'EXISTS');
      const name = c.name();
      if (!name) return { queries: [], unreadable: true };
      const columns = c.group();
      const target = { sql: name, writes: false };
      if (c.take('AS')) return { queries: [c.rest()], target };
      // a table by its columns: it reads nothing
      return columns && c.done ? { queries: [], target } : { queries: [], unreadable: true };
    }
    if (c.takeOne('MACRO', 'FUNCTION')) {
      const name = c.name();
      if (!name || !c.group() || !c.take('AS')) return { queries: [], unreadable: true };
      // a macro is no table, but its body may read some
      return { queries: [c.take('TABLE') ? c.rest() : `SELECT ${c.rest()}`], defines: name };
    }
    return { queries: [], unreadable: true };
  }
  if (c.take('INSERT')) {
    if (c.take('OR')) c.takeOne('REPLACE', 'IGNORE');
    const name = c.take('INTO') ? c.name() : undefined;
    if (!name) return { queries: [], unreadable: true };
    if (c.take('AS')) c.name();
    // a column list, unless what the parentheses hold is the query itself
    if (c.peekGroup()?.every((t) => t.kind === 'word' || t.kind === 'quoted' || t.text === ',')) c.group();
    if (!c.take('BY', 'NAME')) c.take('BY', 'POSITION');
    const target = { sql: name, writes: true };
    if (c.take('DEFAULT', 'VALUES')) return { queries: [], target };
    return { queries: [c.rest(['ON', 'CONFLICT'], ['RETURNING'])], target };
  }
  if (c.take('SET', 'VARIABLE')) {
    if (!c.name() || !(c.punct('=') || c.take('TO'))) return { queries: [], unreadable: true };
    return { queries: [`SELECT ${c.rest()}`] };
  }
  // settings and dropping read no table
  if (c.takeOne('SET', 'RESET', 'DROP')) return { queries: [] };
  return { queries: [], whole: statement.text };
}

/** The names declared in the header comment lines `-- reads: a, b`, or undefined without such a line. */
function declaredReads(sql: string): string[] | undefined {
  const lines = headerComments(sql)
    .filter((c) => c.startsWith('--'))
    .map((c) => c.slice(2).trim())
    .filter((c) => /^reads:/i.test(c));
  if (!lines.length) return undefined;
  return lines.flatMap((l) =>
    l
      .slice('reads:'.length)
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The unqualified table a `FROM <name>` names, lower case; a qualified one is no model's. */
function tableNamed(parsed: Parsed): string | undefined {
  if (parsed.error) return undefined;
  const from = (parsed.statements[0] as { node?: { from_table?: Record<string, unknown> } })?.node
    ?.from_table;
  if (from?.type !== 'BASE_TABLE' || from.schema_name || from.catalog_name) return undefined;
  return typeof from.table_name === 'string' ? from.table_name.toLowerCase() : undefined;
}

function parseError(model: ModelFile, parsed: Parsed & { error: true }): PipelineError {
  const kind = parsed.error_type === 'parser' ? 'Parser Error' : `DuckDB (${parsed.error_type})`;
  return new PipelineError(
    model.file,
    `${kind}: ${parsed.error_message}${parsed.position === undefined ? '' : ` (line ${lineOf(model.sql, Number(parsed.position))})`}`,
  );
}

const modelTable = (model: ModelFile) => path.basename(model.file, '.sql').toLowerCase();

/** The statements of a script with where each keeps its tables, checked against DuckDB's own count of them. */
async function scriptPlans(
  db: Db,
  model: ModelFile,
): Promise<{ statement: Statement; plan: StatementPlan }[]> {
  const split = statements(model.sql);
  const extracted = await db.connection.extractStatements(model.sql);
  if (extracted.count !== split.length)
    throw new Error(
      `${model.file}: split into ${split.length} statements where DuckDB's parser finds ${extracted.count}`,
    );
  return split.map((statement) => ({ statement, plan: planOf(statement) }));
}

/** Every model's tables, DuckDB parsing all of them in two queries (the files, then the parts of scripts). */
export async function modelTables(db: Db, models: ModelFile[]): Promise<ModelTables[]> {
  const wholes = await serialize(
    db,
    models.map((m) => m.sql),
  );
  const found = models.map((m) => ({
    file: m.file,
    creates: new Set([modelTable(m)]),
    writes: new Set<string>(),
    reads: new Map<string, number>(),
    defines: new Set<string>(),
    calls: new Set<string>(),
    /** where the statements start whose tables the parse does not give, and how */
    unreadable: new Map<number, string>(),
  }));
  const probes: { sql: string; use: (p: Parsed) => void }[] = [];
  for (const [i, model] of models.entries()) {
    const parsed = wholes[i]!;
    const tables = found[i]!;
    if (!parsed.error) {
      if (!parsed.statements.length) throw new PipelineError(model.file, 'it holds no SQL statement');
      const starts =
        parsed.statements.length > 1 ? statements(model.sql).map((st) => st.tokens[0]!.start) : [];
      for (const f of functionCalls(parsed.statements)) tables.calls.add(f);
      for (const [n, st] of parsed.statements.entries())
        for (const t of tableRefs([st]))
          read(tables, t, lineOf(model.sql, starts[n] ?? firstStatementAt(model.sql)));
      continue;
    }
    if (parsed.error_type !== 'not implemented') throw parseError(model, parsed);
    for (const { statement, plan } of await scriptPlans(db, model)) {
      const at = statement.tokens[0]!.start;
      const cannot = () =>
        tables.unreadable.set(
          at,
          `line ${lineOf(model.sql, at)}: ${statement.tokens
            .slice(0, 2)
            .map((t) => t.text)
            .join(' ')} ...`,
        );
      if (plan.unreadable) cannot();
      const readsOf = (p: Parsed) => {
        if (p.error) cannot();
        else {
          for (const t of tableRefs(p.statements)) read(tables, t, lineOf(model.sql, at));
          for (const f of functionCalls(p.statements)) tables.calls.add(f);
        }
      };
      for (const sql of plan.queries) probes.push({ sql, use: readsOf });
      if (plan.whole) probes.push({ sql: plan.whole, use: readsOf });
      const defined = plan.defines;
      if (defined)
        probes.push({
          // DuckDB spells the name (quotes, case) as a table function it would call
          sql: `FROM ${defined}()`,
          use: (p) => {
            const [name] = p.error ? [] : functionCalls(p.statements);
            if (name) tables.defines.add(name);
            else cannot();
          },
        });
      const target = plan.target;
      if (target)
        probes.push({
          sql: `FROM ${target.sql}`,
          use: (p) => {
            if (p.error) {
              cannot();
              return;
            }
            const name = tableNamed(p);
            if (!name) return;
            if (!target.writes) tables.creates.add(name);
            else {
              tables.writes.add(name);
              // rows go into a table another model creates: it runs after that model
              read(tables, name, lineOf(model.sql, at));
            }
          },
        });
    }
  }
  const parsed = await serialize(
    db,
    probes.map((p) => p.sql),
  );
  for (const [n, probe] of probes.entries()) probe.use(parsed[n]!);
  return found.map((tables, i) => {
    const model = models[i]!;
    const declared = declaredReads(model.sql);
    const unreadable = [...tables.unreadable].sort(([a], [b]) => a - b).map(([, where]) => where);
    if (unreadable.length && !declared)
      throw new PipelineError(
        model.file,
        `DuckDB's parse does not give the tables that ${unreadable.length > 1 ? 'these statements read' : 'this statement reads'} (${unreadable.join('; ')}): it gives those of SELECT, CREATE TABLE/VIEW/MACRO, INSERT and SET VARIABLE. Name the tables the file reads in a header comment line '-- reads: table, table' (none after the colon if it reads none)`,
      );
    if (declared && !unreadable.length)
      throw new PipelineError(
        model.file,
        "its header declares what it reads ('-- reads: ...'), which is only for statements whose tables DuckDB's parse does not give; it gives those of every statement of this file: remove the line",
      );
    for (const t of declared ?? []) read(tables, t, 1);
    return {
      file: tables.file,
      creates: [...tables.creates],
      writes: [...tables.writes],
      reads: [...tables.reads.keys()],
      readAt: Object.fromEntries(tables.reads),
      defines: [...tables.defines],
      // a macro's own body may call others it defines; those need no other model
      calls: [...tables.calls].filter((f) => !tables.defines.has(f)),
    };
  });
}

/** A table read at `line`, kept at the first line that reads it. */
function read(tables: { reads: Map<string, number> }, table: string, line: number): void {
  if (!tables.reads.has(table)) tables.reads.set(table, line);
}

/** Where the first statement begins, past the header comments. */
function firstStatementAt(sql: string): number {
  return statements(sql)[0]?.tokens[0]?.start ?? 0;
}

const tablesEntry = z.object({
  creates: z.array(z.string()),
  writes: z.array(z.string()),
  reads: z.array(z.string()),
  readAt: z.record(z.string(), z.number()),
  defines: z.array(z.string()),
  calls: z.array(z.string()),
});

let cache: Promise<ParseCache<z.infer<typeof tablesEntry>>> | undefined;
let parser: Promise<string> | undefined;

/** What parses a model: DuckDB's version and the code here that asks it and reads its answer. */
async function parserIdentity(): Promise<string> {
  const { version } = JSON.parse(
    await readFile(fromRoot('node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'),
  ) as { version: string };
  const code = await Promise.all(
    ['./model-tables.ts', './table-refs.ts', './sql-tokens.ts'].map((m) =>
      readFile(new URL(m, import.meta.url), 'utf8'),
    ),
  );
  return `duckdb ${version} ${sha256(code.join('\0'))}`;
}

/**
 * The models' tables, parsed only for the models this parser has not read before in this very text
 * (src/core/parse-cache.ts): a run with no model changed does not load DuckDB to order them.
 */
export async function cachedModelTables(models: ModelFile[]): Promise<ModelTables[]> {
  cache ??= ParseCache.open('model-tables', tablesEntry);
  parser ??= parserIdentity();
  const [kept, identity] = await Promise.all([cache, parser]);
  const keys = models.map((m) => ParseCache.key(identity, `${m.file}\0${m.sql}`));
  const known = keys.map((k) => kept.get(k));
  const missing = models.filter((_, i) => !known[i]);
  const parsed = new Map<string, ModelTables>();
  if (missing.length) {
    const db = await Db.open({ threads: 1 });
    try {
      for (const t of await modelTables(db, missing)) parsed.set(t.file, t);
    } finally {
      db.close();
    }
  }
  return models.map((m, i) => {
    const hit = known[i];
    if (hit) return { file: m.file, ...hit };
    const t = parsed.get(m.file)!;
    const { file: _, ...entry } = t;
    kept.set(keys[i]!, entry);
    return t;
  });
}
