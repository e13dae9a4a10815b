import { join } from 'node:path';
import type { GenerationRequest, Generator, ProgressCallback } from '@geneava/core/contracts';
import type { Logger } from '@geneava/core/util';
import { writePngWithText } from './generate-output.js';
import type { GeneratedRecords } from './generate-records.js';

/** One image to generate: the request, where its PNG goes and what is recorded with it. */
export interface GenerationJob {
  readonly request: GenerationRequest;
  /** Relative to the output folder. */
  readonly image: string;
  /** The plan item's labels, recorded with the image. */
  readonly labels: Readonly<Record<string, unknown>>;
  /** Of everything that decides the image (set once the model folder is identified). */
  fingerprint?: string;
}

export interface GeneratedItem {
  readonly id: string;
  /** skipped: made by an earlier run with the same fingerprint, and left as it was. */
  readonly status: 'ok' | 'failed' | 'skipped';
  /** The PNG, relative to the output folder. */
  readonly image?: string;
  readonly error?: string;
}

export interface WriteGeneratedOptions {
  /** The output folder. */
  readonly out: string;
  /** metadata.jsonl: each written image gets its record. */
  readonly records: GeneratedRecords;
  readonly logger?: Logger;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/**
 * Runs the generator over the jobs and writes what it yields, as it comes: a face with status 'ok'
 * becomes its PNG (atomically, with the record in its text chunks) and then its record; a 'failed'
 * face is that item's failure, with the generator's reason, and the next ones are still written.
 * Aborting (options.signal) stops at the generator's next check: what was written stays, and the
 * reason is returned as `interruption`.
 */
export async function writeGeneratedFaces(
  generator: Generator,
  jobs: readonly GenerationJob[],
  options: WriteGeneratedOptions,
): Promise<{ items: GeneratedItem[]; interruption?: unknown }> {
  const { out, records } = options;
  const byId = new Map(jobs.map((job) => [job.request.item.id, job]));
  const items: GeneratedItem[] = [];
  try {
    for await (const face of generator.generate(
      jobs.map((job) => job.request),
      { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) },
    )) {
      const id = face.request.item.id;
      const job = byId.get(id);
      if (!job) throw new Error(`generator ${generator.info.id} returned "${id}", which was not asked for`);
      if (face.status === 'failed') {
        items.push({ id, status: 'failed', error: face.reason });
        continue;
      }
      const { request: r, provenance } = face;
      for (const warning of face.warnings ?? []) options.logger?.warn(`${id}: ${warning}`);
      const record = {
        id,
        image: job.image.split('\\').join('/'),
        ...job.labels,
        prompt: r.prompt,
        ...(r.negativePrompt !== undefined ? { negativePrompt: r.negativePrompt } : {}),
        seed: r.seed,
        width: r.width,
        height: r.height,
        steps: r.steps,
        guidance: r.guidance,
        scheduler: provenance['scheduler'],
        fingerprint: job.fingerprint!,
        provenance,
      };
      try {
        // How the run went (timing, batch) stays out of the PNG: the same settings give the same file, byte for byte.
        const { denoiseMs: _timing, batchSize: _batch, ...settings } = provenance;
        await writePngWithText(join(out, job.image), face.image, {
          prompt: r.prompt,
          ...(r.negativePrompt !== undefined ? { negative_prompt: r.negativePrompt } : {}),
          seed: String(r.seed),
          geneava: JSON.stringify({ ...record, provenance: settings }),
        });
        await records.put(record);
        items.push({ id, status: 'ok', image: record.image });
      } catch (error) {
        items.push({ id, status: 'failed', error: `cannot write ${join(out, job.image)}: ${(error as Error).message}` });
      }
    }
  } catch (error) {
    // The generator throws the abort reason at its next check (the next step or batch); anything else is a real error.
    if (!options.signal?.aborted) throw error;
    return { items, interruption: options.signal.reason ?? error };
  }
  return { items };
}
