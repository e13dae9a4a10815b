import { join } from 'node:path';

const CONDITIONS = ['import', 'node', 'default'];

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const candidate of target) {
      const picked = pickTarget(candidate);
      if (picked) return picked;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (CONDITIONS.includes(condition)) {
        const picked = pickTarget(value);
        if (picked) return picked;
      }
    }
  }
  return undefined;
}

/**
 * The file a package's export subpath points at, for plugins given by path (which Node cannot resolve
 * by name). Supports the exports forms plugins use: a string, a subpath map, condition objects.
 */
export function resolveExportFile(dir: string, exportsField: unknown, main: string | undefined, subpath: string): string | undefined {
  if (exportsField === undefined) {
    if (subpath === '.') return join(dir, main ?? 'index.js');
    return join(dir, subpath);
  }
  const isSubpathMap =
    exportsField !== null && typeof exportsField === 'object' && !Array.isArray(exportsField) &&
    Object.keys(exportsField).every((key) => key.startsWith('.'));
  const target = isSubpathMap ? (exportsField as Record<string, unknown>)[subpath] : subpath === '.' ? exportsField : undefined;
  const file = pickTarget(target);
  return file ? join(dir, file) : undefined;
}
