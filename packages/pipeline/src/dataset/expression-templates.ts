import { join } from 'node:path';
import type { FaceAnalyzer } from '@geneava/core/contracts';
import { decodeImage } from '@geneava/core/image';
import { closestExpression, type ClosestExpression } from '@geneava/core/taxonomy';
import { UsageError } from '@geneava/core/util';
import { listSourcePhotos } from './source-photos.js';

/** The expression a template image shows, as the face analyzer reads it. */
export interface TemplateExpression extends ClosestExpression {
  /** The template, relative to its folder. */
  readonly file: string;
}

/**
 * Reads the expression of every template image in a folder: the analyzer's expression scores of its
 * largest face, as the closest of the 135 expressions (closestExpression). A template without a face,
 * or whose scores name no expression (e.g. all neutral), is a UsageError naming the file, so the set's
 * expressions are never guessed. Templates are taken in file order; two reading the same expression
 * give it once.
 */
export async function readExpressionTemplates(dir: string, analyzer: FaceAnalyzer): Promise<TemplateExpression[]> {
  const photos = await listSourcePhotos(dir);
  if (photos.length === 0) throw new UsageError(`${dir}: no template images (png, jpg, webp...)`);
  const read: TemplateExpression[] = [];
  for (const photo of photos) {
    const image = await decodeImage(join(dir, photo.file), { source: photo.file });
    const faces = await analyzer.analyze(image);
    const face = faces.reduce<(typeof faces)[number] | undefined>((big, f) => (big && big.box.width * big.box.height >= f.box.width * f.box.height ? big : f), undefined);
    if (!face) throw new UsageError(`${join(dir, photo.file)}: no face found in the expression template`);
    const closest = face.expression ? closestExpression(face.expression.probabilities) : undefined;
    if (!closest) throw new UsageError(`${join(dir, photo.file)}: the face analyzer's expression scores name none of the 135 expressions`);
    if (!read.some((t) => t.expression === closest.expression)) read.push({ file: photo.file, ...closest });
  }
  return read;
}
