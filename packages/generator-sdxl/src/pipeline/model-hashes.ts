/**
 * Provenance hashes: sha256 of each component's model.onnx and of the LoRA file, streamed. The external
 * weight files (model.onnx_data, many gigabytes) are identified by their byte size instead of a hash,
 * which would take minutes per run; the graph file that references them is hashed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SDXL_COMPONENTS } from '../models/contracts.js';
import { componentModelFile } from '../models/sdxl-layout.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** "text_encoder/model.onnx.sha256": hex, "unet/model.onnx_data.bytes": size, ... */
export async function sdxlModelHashes(dir: string): Promise<Record<string, string | number>> {
  const hashes: Record<string, string | number> = {};
  for (const component of SDXL_COMPONENTS) {
    const file = componentModelFile(component);
    hashes[`${file}.sha256`] = await sha256File(join(dir, file));
    const data = await stat(join(dir, `${file}_data`)).catch(() => undefined);
    if (data?.isFile()) hashes[`${file}_data.bytes`] = data.size;
  }
  return hashes;
}
