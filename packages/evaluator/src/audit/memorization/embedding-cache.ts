/**
 * Embeddings of one image set, keyed by the SHA-256 of each file's bytes, so a rerun embeds only new
 * or changed images. One JSON file per set: the entries, and every embedding as float32 rows in one
 * base64 block (about 4/3 of the raw size, far smaller and faster than numbers as JSON text). The file
 * is rewritten atomically, so a killed run leaves the previous complete cache.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@geneava/core/util';
import type { Box } from '@geneava/core/contracts';

export const EMBEDDING_CACHE_FORMAT = 'geneava-face-embeddings';
export const EMBEDDING_CACHE_VERSION = 1;

/** What is known about one image: how many faces it has, and the largest one's box and embedding. */
export interface CachedFace {
  readonly faces: number;
  readonly box?: Box;
  readonly embedding?: Float32Array;
}

interface CacheFileEntry {
  readonly hash: string;
  readonly faces: number;
  readonly box?: readonly [number, number, number, number];
  readonly row?: number;
}

interface CacheFile {
  readonly format: string;
  readonly version: number;
  readonly model: string;
  readonly fingerprint: string;
  readonly dim: number;
  readonly rows: number;
  readonly entries: readonly CacheFileEntry[];
  /** rows x dim float32 values, little-endian, base64. */
  readonly vectors: string;
}

export class EmbeddingCache {
  private readonly entries = new Map<string, CachedFace>();
  private added = 0;

  private constructor(
    readonly path: string,
    readonly model: string,
    readonly fingerprint: string,
    /** Why an existing file was not used (another model or analyzer version, or unreadable); undefined when it was or none existed. */
    readonly discarded: string | undefined,
  ) {}

  /** Opens the cache at `path`; a missing file, or one written for other embeddings, gives an empty cache. */
  static async load(path: string, model: string, fingerprint: string): Promise<EmbeddingCache> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new EmbeddingCache(path, model, fingerprint, undefined);
      return new EmbeddingCache(path, model, fingerprint, `${path}: cannot read (${(error as Error).message})`);
    }
    let file: CacheFile;
    try {
      file = JSON.parse(text) as CacheFile;
    } catch {
      return new EmbeddingCache(path, model, fingerprint, `${path}: not valid JSON, rebuilt`);
    }
    if (file.format !== EMBEDDING_CACHE_FORMAT || file.version !== EMBEDDING_CACHE_VERSION) {
      return new EmbeddingCache(path, model, fingerprint, `${path}: not a version ${EMBEDDING_CACHE_VERSION} embedding cache, rebuilt`);
    }
    if (file.model !== model || file.fingerprint !== fingerprint) {
      return new EmbeddingCache(path, model, fingerprint, `${path}: written for ${file.fingerprint}, not ${fingerprint}; rebuilt`);
    }
    const cache = new EmbeddingCache(path, model, fingerprint, undefined);
    const problem = cache.fill(file);
    return problem ? new EmbeddingCache(path, model, fingerprint, `${path}: ${problem}, rebuilt`) : cache;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries added since the cache was loaded or last saved. */
  get unsaved(): number {
    return this.added;
  }

  get(hash: string): CachedFace | undefined {
    return this.entries.get(hash);
  }

  set(hash: string, face: CachedFace): void {
    this.entries.set(hash, face);
    this.added++;
  }

  async save(): Promise<void> {
    const withEmbedding = [...this.entries.values()].filter((face) => face.embedding);
    const dim = withEmbedding[0]?.embedding?.length ?? 0;
    const vectors = new Float32Array(withEmbedding.length * dim);
    const entries: CacheFileEntry[] = [];
    let row = 0;
    for (const [hash, face] of this.entries) {
      if (face.embedding) {
        if (face.embedding.length !== dim) throw new Error(`${this.path}: embeddings of ${face.embedding.length} and ${dim} values in one cache`);
        vectors.set(face.embedding, row * dim);
      }
      entries.push({
        hash,
        faces: face.faces,
        ...(face.box ? { box: [face.box.x, face.box.y, face.box.width, face.box.height] as const } : {}),
        ...(face.embedding ? { row: row++ } : {}),
      });
    }
    const file: CacheFile = {
      format: EMBEDDING_CACHE_FORMAT,
      version: EMBEDDING_CACHE_VERSION,
      model: this.model,
      fingerprint: this.fingerprint,
      dim,
      rows: row,
      entries,
      vectors: Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).toString('base64'),
    };
    await writeFileAtomic(this.path, JSON.stringify(file));
    this.added = 0;
  }

  /** Loads a parsed file's entries; returns what is wrong with it, if anything. */
  private fill(file: CacheFile): string | undefined {
    if (!Array.isArray(file.entries) || !Number.isInteger(file.dim) || !Number.isInteger(file.rows) || typeof file.vectors !== 'string') {
      return 'malformed cache';
    }
    const bytes = Buffer.from(file.vectors, 'base64');
    if (bytes.length !== file.rows * file.dim * 4) return `${bytes.length} vector bytes for ${file.rows} rows of ${file.dim}`;
    // Copied into an aligned buffer: a Buffer's offset into Node's pool need not be a multiple of 4.
    const vectors = new Float32Array(file.rows * file.dim);
    new Uint8Array(vectors.buffer).set(bytes);
    for (const entry of file.entries) {
      if (entry.row !== undefined && !(Number.isInteger(entry.row) && entry.row >= 0 && entry.row < file.rows)) return `row ${entry.row} out of range`;
      this.entries.set(entry.hash, {
        faces: entry.faces,
        ...(entry.box ? { box: { x: entry.box[0], y: entry.box[1], width: entry.box[2], height: entry.box[3] } } : {}),
        ...(entry.row !== undefined ? { embedding: vectors.slice(entry.row * file.dim, (entry.row + 1) * file.dim) } : {}),
      });
    }
    return undefined;
  }
}
