import { csvCell, parseCsvRows, toCsv } from './csv.js';

describe('dataset CSV', () => {
  it('quotes only what needs it and round-trips', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell(' pad')).toBe('" pad"');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(false)).toBe('false');
    const text = toCsv(['id', 'prompt', 'n'], [['a', 'line\nbreak, "quoted"', 1], ['b', undefined, 0.5]]);
    expect(text).toBe('id,prompt,n\r\na,"line\nbreak, ""quoted""",1\r\nb,,0.5\r\n');
    expect(parseCsvRows(text, 't.csv')).toEqual([['id', 'prompt', 'n'], ['a', 'line\nbreak, "quoted"', '1'], ['b', '', '0.5']]);
  });

  it('names the line of a broken quote', () => {
    expect(() => parseCsvRows('a\n"open\n', 't.csv')).toThrow('t.csv: line 2: unterminated quoted field');
    expect(() => parseCsvRows('"a"b\n', 't.csv')).toThrow('t.csv: line 1: text after a closing quote');
    expect(parseCsvRows('\ufeffa,""\n\n', 't.csv')).toEqual([['a', '']]);
  });
});
