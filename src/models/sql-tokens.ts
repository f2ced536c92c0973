/**
 * DuckDB SQL cut into tokens, only as finely as splitting a script into its
 * statements and finding the query inside a CREATE or INSERT needs: what a
 * word, a quoted name, a string or a comment is, so that a ';' or a keyword
 * inside a literal or a comment is never taken for one. What the statements
 * mean is left to DuckDB's parser (model-tables.ts).
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'comment' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** offsets in the SQL text: text === sql.slice(start, end) */
  start: number;
  end: number;
}

export interface Statement {
  /** the statement's text, from its first token to its last, without the ';' */
  text: string;
  /** its tokens, comments left out */
  tokens: Token[];
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** The tag (`$$`, `$body$`) of a dollar-quoted string opening at `at`, if one does. */
function dollarTagAt(sql: string, at: number): string | undefined {
  DOLLAR_TAG.lastIndex = at;
  return DOLLAR_TAG.exec(sql)?.[0];
}

/** The end of a literal that opens at `from` with `quote` and doubles it to escape it (`'it''s'`, `"a""b"`). */
function quotedEnd(sql: string, from: number, quote: string, backslash = false): number {
  let i = from + 1;
  while (i < sql.length) {
    if (backslash && sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  throw unclosed(quote === '"' ? 'quoted name' : 'string', from);
}

/** Block comments nest in DuckDB, as in PostgreSQL. */
function blockCommentEnd(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  throw unclosed('block comment', from);
}

/** Only text DuckDB has parsed is cut into tokens, so an unclosed literal here is a bug of this module. */
function unclosed(what: string, at: number): Error {
  return new Error(`SQL tokens: a ${what} opening at offset ${at} is never closed`);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (sql.startsWith('/*', i)) push('comment', blockCommentEnd(sql, i));
    else if (c === "'") {
      // E'...' takes backslash escapes: the E was just read as a word of its own, so it joins the string
      const prev = tokens.at(-1);
      const escaped = prev?.kind === 'word' && prev.end === i && /^e$/i.test(prev.text);
      if (escaped) {
        tokens.pop();
        i = prev.start;
      }
      push('string', quotedEnd(sql, escaped ? i + 1 : i, "'", escaped));
    } else if (c === '"') push('quoted', quotedEnd(sql, i, '"'));
    else if (c === '$' && dollarTagAt(sql, i)) {
      const tag = dollarTagAt(sql, i)!;
      const close = sql.indexOf(tag, i + tag.length);
      if (close < 0) throw unclosed('dollar-quoted string', i);
      push('string', close + tag.length);
    } else if (WORD_START.test(c) || /[0-9]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      push('word', j);
    } else push('punct', i + 1);
  }
  return tokens;
}

/** The statements of a script, split at each ';' outside literals and comments; empty ones left out. */
export function statements(sql: string): Statement[] {
  const out: Statement[] = [];
  let current: Token[] = [];
  const close = () => {
    if (current.length)
      out.push({ text: sql.slice(current[0]!.start, current.at(-1)!.end), tokens: current });
    current = [];
  };
  for (const t of tokenize(sql)) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'punct' && t.text === ';') close();
    else current.push(t);
  }
  close();
  return out;
}

/** The line (from 1) of `offset` in `sql`, for messages that point into a file. */
export const lineOf = (sql: string, offset: number) => sql.slice(0, offset).split('\n').length;

/** The comments a script begins with, before its first statement. */
export function headerComments(sql: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(sql)) {
    if (t.kind !== 'comment') break;
    out.push(t.text);
  }
  return out;
}
