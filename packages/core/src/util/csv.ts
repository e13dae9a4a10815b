/**
 * RFC 4180 CSV for dataset metadata and label files: fields with a comma, quote, CR or LF (or edge
 * spaces, which spreadsheets trim) are quoted with their quotes doubled; lines end with CRLF.
 */

export type CsvCell = string | number | boolean | undefined | null;

export function csvCell(value: CsvCell): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => `${cells.map(csvCell).join(',')}\r\n`;
  return line(header) + rows.map(line).join('');
}

/**
 * Parses CSV text into rows: quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF
 * both end lines; a byte-order mark is dropped; blank lines are skipped. Errors name `source` and the line.
 */
export function parseCsvRows(text: string, source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quotedField = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '' || quotedField) rows.push(row);
    row = [];
    field = '';
    quotedField = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && !quotedField) {
      const start = line;
      quotedField = true;
      for (i++; ; i++) {
        if (i >= text.length) throw new Error(`${source}: line ${start}: unterminated quoted field`);
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        } else if (text[i] === '\n') line++;
        field += text[i];
      }
      i++;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`${source}: line ${line}: text after a closing quote`);
      }
    } else if (ch === ',') {
      row.push(field);
      field = '';
      quotedField = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0 || quotedField) endRow();
  return rows;
}
