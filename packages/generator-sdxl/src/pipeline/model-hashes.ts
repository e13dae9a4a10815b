/**
 * Provenance hashes: sha256 of each component's model.onnx, of every external weight file it names
 * (model.onnx_data), and of the LoRA file, streamed. Weights are what tell two fine-tunes apart, so they
 * are hashed too; each hash is kept in the machine's hash cache by path, size and modification time, so
 * a multi-gigabyte UNet is read once per machine, not once per run.
 */
import { cachedSha256, CONTENT_IDENTITY_METHOD, onnxModelIdentity } from '@geneava/core/provenance';
import { isFile } from '@geneava/core/model-check';
import { join, posix } from 'node:path';
import { SDXL_COMPONENTS } from '../models/contracts.js';
import { componentModelFile } from '../models/sdxl-layout.js';

/** sha256 of a file (from the machine's hash cache when the file is unchanged). */
export async function sha256File(path: string): Promise<string> {
  return cachedSha256(path);
}

/** "text_encoder/model.onnx.sha256": hex, "unet/model.onnx_data.sha256": hex, ..., and "modelIdentity": how they were made. */
export async function sdxlModelHashes(dir: string): Promise<Record<string, string | number>> {
  const hashes: Record<string, string | number> = { modelIdentity: CONTENT_IDENTITY_METHOD };
  for (const component of SDXL_COMPONENTS) {
    const file = componentModelFile(component);
    // The refiner has no text_encoder/.
    if (component === 'text_encoder' && !(await isFile(join(dir, file)))) continue;
    const identity = await onnxModelIdentity(join(dir, file));
    for (const [name, sha256] of Object.entries(identity.files)) hashes[`${posix.join(posix.dirname(file), name)}.sha256`] = sha256;
  }
  return hashes;
}
