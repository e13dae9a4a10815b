import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import type { Stylizer } from '@geneava/core/contracts';
import { equalBytes } from './check-output.js';
import { violation } from './conformance-error.js';
import { isTemporaryFile, listFiles, stylizeToFile } from './files.js';
import type { ConformanceSample } from './samples.js';

/** An input whose pixel buffer is one byte short: every stylizer must refuse it. */
export const MALFORMED_ID = 'malformed-4x4';

/**
 * Writes through the atomic helper into the empty folder `dir`:
 * - a good input leaves exactly its file, decoding to the returned pixels;
 * - a malformed input (buffer too short) must be rejected with a one-line error naming the item, and
 *   leaves no file at all;
 * - an already-aborted signal either rejects (no file) or completes (the whole file); no temporary files
 *   remain in any case.
 */
export async function checkAtomicFiles(stylizer: Stylizer, sample: ConformanceSample, dir: string): Promise<void> {
  const id = stylizer.info.id;
  const good = join(dir, 'good.png');
  const result = await stylizeToFile(stylizer, sample.input, good);
  const written = await decodeImage(good);
  if (written.width !== result.image.width || written.height !== result.image.height || !equalBytes(written.data, result.image.data)) {
    throw violation(id, sample.name, 'the written PNG does not decode to the returned image');
  }

  const malformed = { id: MALFORMED_ID, image: { width: 4, height: 4, data: new Uint8Array(4 * 4 * 3 - 1) } };
  const error = await stylizeToFile(stylizer, malformed, join(dir, 'malformed.png')).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error === undefined) throw violation(id, 'a 4x4 image with 47 bytes', 'accepted a pixel buffer of the wrong length; it must throw');
  const message = error instanceof Error ? error.message : String(error);
  if (message.trim() === '' || /[\r\n]/.test(message.trim()) || !message.includes(MALFORMED_ID)) {
    throw violation(id, 'a 4x4 image with 47 bytes', `the error must be one line naming the item "${MALFORMED_ID}", got: ${JSON.stringify(message)}`);
  }

  const controller = new AbortController();
  controller.abort();
  const aborted = join(dir, 'aborted.png');
  const completed = await stylizeToFile(stylizer, { ...sample.input, id: 'aborted' }, aborted, { signal: controller.signal }).then(
    () => true,
    () => false,
  );

  const files = await listFiles(dir);
  const temporary = files.filter(isTemporaryFile);
  if (temporary.length > 0) throw violation(id, sample.name, `left temporary files behind: ${temporary.join(', ')}`);
  const expected = completed ? ['aborted.png', 'good.png'] : ['good.png'];
  if (files.join(',') !== expected.join(',')) {
    throw violation(id, sample.name, `expected the folder to hold ${expected.join(', ')}, found ${files.join(', ') || 'nothing'}`);
  }
  if (completed) {
    const whole = await decodeImage(aborted);
    if (whole.width !== result.image.width || whole.height !== result.image.height) {
      throw violation(id, sample.name, 'the file written under an aborted signal is not the complete image');
    }
  }
}
