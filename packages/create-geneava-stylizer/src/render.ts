import ejs from 'ejs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One rendered file: its path relative to the package root (forward slashes) and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

const SUFFIX = '.template';

/**
 * Renders every file under `folder` the way Nx's generateFiles does, so the Nx generator and this package
 * write the same bytes from the same templates: the contents through EJS, `__key__` in a path segment
 * replaced by that variable, and the ".template" suffix dropped. A file named "gitignore" becomes
 * ".gitignore" (npm leaves .gitignore files out of a published tarball, so it is kept under that name).
 */
export function renderFolder(folder: string, variables: Record<string, unknown>, prefix = ''): RenderedFile[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const source = join(folder, entry.name);
      const name = substitutePath(entry.name, variables, source);
      if (entry.isDirectory()) return renderFolder(source, variables, `${prefix}${name}/`);
      const target = name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : name;
      const content = ejs.render(readFileSync(source, 'utf8'), variables, { filename: source });
      return [{ path: `${prefix}${target === 'gitignore' ? '.gitignore' : target}`, content }];
    });
}

function substitutePath(segment: string, variables: Record<string, unknown>, source: string): string {
  return segment.replace(/__([A-Za-z]+)__/g, (_whole, key: string) => {
    const value = variables[key];
    if (typeof value !== 'string') throw new Error(`${source}: the file name uses __${key}__, which is not a template variable.`);
    return value;
  });
}
