import { createHash } from 'node:crypto';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, posix } from 'node:path';
import { readModelSignature } from '../onnx/signature.js';
import { cachedSha256, type FileHashOptions } from './file-hash.js';

/**
 * How a model's identity is computed, as written into metadata: every byte counts, so two fine-tunes
 * exported alike (same graph file, different weights in model.onnx_data) never share an identity.
 */
export const CONTENT_IDENTITY_METHOD = 'sha256 of every file, external weights included';

/** What a file or folder of model files is, by content. */
export interface ContentIdentity {
  readonly method: typeof CONTENT_IDENTITY_METHOD;
  /** sha256 over the sorted "<relative path>\t<sha256>" lines of `files`. */
  readonly sha256: string;
  /** sha256 of each file, keyed by its path relative to the folder (or its name, for one file). */
  readonly files: Readonly<Record<string, string>>;
}

function identityOf(files: Record<string, string>): ContentIdentity {
  const listing = Object.keys(files)
    .sort()
    .map((name) => `${name}\t${files[name]}\n`)
    .join('');
  return { method: CONTENT_IDENTITY_METHOD, sha256: createHash('sha256').update(listing).digest('hex'), files };
}

/**
 * An ONNX model by content: its graph file and every external data file the graph names (the weights
 * of large exports live there, e.g. unet/model.onnx_data).
 */
export async function onnxModelIdentity(file: string, options: FileHashOptions = {}): Promise<ContentIdentity> {
  const files: Record<string, string> = { [basename(file)]: await cachedSha256(file, options) };
  const signature = await readModelSignature(file);
  for (const location of signature.externalDataFiles) {
    const path = join(dirname(file), location);
    try {
      files[posix.normalize(location.split('\\').join('/'))] = await cachedSha256(path, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: its external data file ${location} is missing`);
      throw error;
    }
  }
  return identityOf(files);
}

/** Regular files under `dir` (links followed, loops skipped), as sorted forward-slash relative paths. Hidden entries are left out: they are editor and temporary files, not model files. */
async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const real = await realpath(folder);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
      if (!info) continue;
      if (info.isDirectory()) await walk(path, relative);
      else if (info.isFile()) found.push(relative);
    }
  };
  await walk(dir, '');
  return found.sort();
}

/**
 * A model file or folder by content: a folder is every file in it (graphs, external weights, configs,
 * tokenizers, scheduler settings); an .onnx file is itself with its external data; any other file is
 * itself. Hashes come from the machine's cache when the file is unchanged since it was last hashed.
 */
export async function contentIdentity(path: string, options: FileHashOptions = {}): Promise<ContentIdentity> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const files: Record<string, string> = {};
    for (const relative of await listFiles(path)) files[relative] = await cachedSha256(join(path, ...relative.split('/')), options);
    return identityOf(files);
  }
  if (extname(path).toLowerCase() === '.onnx') return onnxModelIdentity(path, options);
  return identityOf({ [basename(path)]: await cachedSha256(path, options) });
}
