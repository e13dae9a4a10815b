/**
 * What `geneava generate` knows of an output folder it wrote before: one record per image id in
 * metadata.jsonl, each with the fingerprint of everything that made its PNG. A re-run skips the images
 * whose record, PNG and fingerprint agree, makes the others again, and replaces their records instead
 * of adding a second line for the same id.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf } from '@geneava/core/provenance';
import { toJsonl, writeFileAtomic } from '@geneava/core/util';
import { appendJsonLine, readPngText } from './generate-output.js';

export type GeneratedRecord = Readonly<Record<string, unknown>> & { readonly id: string; readonly image: string; readonly fingerprint?: string };

/** Everything that decides one image's pixels. */
export interface GenerationInputs {
  readonly generator: { readonly id: string; readonly version: string };
  /** sha256 over every file of the model folder (weights, configs, tokenizers, scheduler settings). */
  readonly models: string;
  readonly lora: { readonly sha256: string; readonly scale: number } | null;
  readonly request: {
    readonly prompt: string;
    readonly negativePrompt: string | null;
    readonly seed: number;
    readonly width: number;
    readonly height: number;
    readonly steps: number;
    readonly guidance: number;
    readonly scheduler: string;
    /** Optional settings that change the image (img2img source and strength, prompt_2, clip skip...); absent when none is set. */
    readonly options?: Readonly<Record<string, unknown>>;
  };
}

export function generationFingerprint(inputs: GenerationInputs): string {
  return fingerprintOf(inputs);
}

function isRecord(value: unknown): value is GeneratedRecord {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && typeof (value as { image?: unknown }).image === 'string';
}

export class GeneratedRecords {
  private constructor(
    readonly path: string,
    private readonly byId: Map<string, GeneratedRecord>,
  ) {}

  /**
   * Reads metadata.jsonl (absent: no records). The last line of an id wins; a line cut short by a
   * killed run, or a second line for one id left by an older version, is dropped and the file written
   * again without it. Returns how many lines were dropped.
   */
  static async open(path: string): Promise<{ records: GeneratedRecords; dropped: number }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: new GeneratedRecords(path, new Map()), dropped: 0 };
      throw new Error(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const byId = new Map<string, GeneratedRecord>();
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      lines++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      if (!isRecord(value)) continue;
      // The last line of an id wins, in the place of its first.
      byId.set(value.id, value);
    }
    const records = new GeneratedRecords(path, byId);
    const dropped = lines - byId.size;
    if (dropped > 0) await records.rewrite();
    return { records, dropped };
  }

  get(id: string): GeneratedRecord | undefined {
    return this.byId.get(id);
  }

  /** Whether the folder holds `id`'s image made with `fingerprint`: the record says so, and so does the PNG's own text. */
  async holds(out: string, id: string, fingerprint: string): Promise<boolean> {
    const record = this.byId.get(id);
    if (record?.fingerprint !== fingerprint) return false;
    let png: Uint8Array;
    try {
      png = new Uint8Array(await readFile(join(out, record.image)));
    } catch {
      return false;
    }
    try {
      const written = JSON.parse(readPngText(png)['geneava'] ?? 'null') as { fingerprint?: unknown } | null;
      return written?.fingerprint === fingerprint;
    } catch {
      return false;
    }
  }

  /** Adds a record (one appended line), or replaces the record of an id already present (the file written again, atomically). */
  async put(record: GeneratedRecord): Promise<void> {
    const replaces = this.byId.has(record.id);
    this.byId.set(record.id, record);
    if (replaces) await this.rewrite();
    else await appendJsonLine(this.path, record);
  }

  private async rewrite(): Promise<void> {
    await writeFileAtomic(this.path, toJsonl(this.byId.values()));
  }
}
