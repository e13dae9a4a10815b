import { csvField, formatCsv, parseCsv } from './csv.js';

describe('csv', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('writes CRLF lines that parse back to the same fields', () => {
    const rows = [
      ['joy/1', 'a,b', 'x "y"'],
      ['anger/2', 'multi\nline', ''],
    ];
    const text = formatCsv(['id', 'name', 'note'], rows);
    expect(text).toBe('id,name,note\r\njoy/1,"a,b","x ""y"""\r\nanger/2,"multi\nline",\r\n');
    expect(parseCsv(text)).toEqual([['id', 'name', 'note'], ...rows]);
  });

  it('accepts LF endings, a byte-order mark, blank lines and a missing final newline', () => {
    expect(parseCsv('\ufeffid,expression\n\n1,joy\n2,"sad"')).toEqual([
      ['id', 'expression'],
      ['1', 'joy'],
      ['2', 'sad'],
    ]);
    expect(parseCsv('a,\n')).toEqual([['a', '']]);
  });

  it('names the line of malformed quoting', () => {
    expect(() => parseCsv('id\n"open', 'labels.csv')).toThrow('labels.csv: line 2: unterminated quoted field');
    expect(() => parseCsv('id\n"a"b', 'labels.csv')).toThrow('labels.csv: line 2: text after a closing quote');
  });
});
