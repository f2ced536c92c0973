/** A1 notation: spreadsheet columns as letters (1 = A, 27 = AA) and cells as "B3". */
export function columnLetters(col: number): string {
  let n = col;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export const columnNumber = (letters: string) =>
  [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export const address = (row: number, col: number) => `${columnLetters(col)}${row}`;

/** "B3" -> { row: 3, col: 2 } (the caller has checked the form). */
export function splitAddress(ref: string): { row: number; col: number } {
  const m = ref.match(/^([A-Z]+)(\d+)$/)!;
  return { col: columnNumber(m[1]!), row: Number(m[2]) };
}
