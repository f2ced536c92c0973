/**
 * Rows as an aligned text table for a terminal: columns marked 'r' (or, by
 * default, columns of numbers only) right-aligned; long cells cut with an ellipsis.
 */
export function formatTable(
  headers: string[],
  rows: (string | null)[][],
  opts: { indent?: string; maxWidth?: number; align?: ('l' | 'r' | 'auto')[] } = {},
): string {
  const max = opts.maxWidth ?? 40;
  const cut = (s: string | null) => {
    const t = s ?? '';
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  };
  const cells = rows.map((r) => r.map(cut));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const right = headers.map((_, i) => {
    const a = opts.align?.[i] ?? 'auto';
    if (a !== 'auto') return a === 'r';
    return cells.every((r) => r[i] === '' || /^[-+]?(\d[\d.]*(e[-+]?\d+)?%?|inf|nan)$/i.test(r[i]!));
  });
  const line = (r: string[]) =>
    `${opts.indent ?? ''}${r
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  return [line(headers), ...cells.map(line)].join('\n');
}
