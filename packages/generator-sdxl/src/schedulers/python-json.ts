/**
 * Parses JSON written by Python's json module, which emits the non-standard tokens Infinity, -Infinity
 * and NaN for special floats (diffusers saves lambda_min_clipped = -inf that way). Outside strings they
 * become 1e999 / -1e999 (which JSON.parse reads as ±Infinity) and null (NaN: "no value").
 */
export function parsePythonJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
    } else if (text.startsWith('-Infinity', i)) {
      out += '-1e999';
      i += '-Infinity'.length - 1;
    } else if (text.startsWith('Infinity', i)) {
      out += '1e999';
      i += 'Infinity'.length - 1;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 'NaN'.length - 1;
    } else {
      out += char;
    }
  }
  return JSON.parse(out);
}
