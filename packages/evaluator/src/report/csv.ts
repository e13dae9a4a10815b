/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF (or surrounding spaces, which spreadsheet tools
 * trim) are quoted and their quotes doubled; lines end with CRLF as the RFC says.
 */

export type CsvValue = string | number | boolean | undefined | null;

export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (fields: readonly CsvValue[]) => `${fields.map(csvField).join(',')}\r\n`;
  return line(header) + rows.map(line).join('');
}

/**
 * Parses CSV text into rows of fields: quoted fields may hold commas, doubled quotes and line breaks;
 * CRLF and LF line ends are both accepted; a leading byte-order mark is dropped; blank lines are
 * skipped. Throws with the line number of an unterminated quote or text after a closing quote.
 */
export function parseCsv(text: string, source = 'CSV'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let rowHasContent = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (rowHasContent || row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    rowHasContent = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`${source}: line ${start}: unterminated quoted field`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      rowHasContent = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`${source}: line ${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    if (ch === ',') {
      endField();
      rowHasContent = true;
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
  if (field !== '' || row.length > 0 || rowHasContent) endRow();
  return rows;
}
