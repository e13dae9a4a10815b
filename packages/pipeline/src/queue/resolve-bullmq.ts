import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The path of BullMQ's CommonJS entry, for the queue thread to require. Looked up from this module's
 * folder when it is known (CommonJS), from the script Node was started with (the CLI's binary sits
 * next to its dependencies) and from the working folder.
 */
export function resolveBullmq(): string {
  const bases: string[] = [];
  if (typeof __dirname === 'string') bases.push(__dirname);
  const script = process.argv[1];
  if (script && existsSync(script)) bases.push(dirname(realpathSync(script)));
  bases.push(process.cwd());
  for (const base of bases) {
    try {
      return createRequire(join(base, 'noop.js')).resolve('bullmq');
    } catch {
      // Try the next folder.
    }
  }
  throw new Error(`cannot find the bullmq package from ${bases.join(', ')}; install @geneava/pipeline's dependencies`);
}
