import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avatarPath, realImagePath, type AvatarRecord, type MetadataRecord } from '@geneava/core/dataset-format';
import { familyOf } from '@geneava/core/taxonomy';
import { writeImageAtomic } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';

/** A temporary folder and its removal, for afterEach. */
export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `geneava-study-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A 64x64 picture with a diagonal gradient in a colour of its own: never blank, different per seed. */
export function patternImage(seed: number, size = 64): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const tint = [(seed * 71) % 256, (seed * 137 + 60) % 256, (seed * 199 + 120) % 256];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) data[o + c] = (tint[c]! + ((x + y) * 255) / (2 * size)) % 256;
    }
  }
  return { width: size, height: size, data };
}

export interface RunDatasetSpec {
  readonly expressions: readonly string[];
  readonly perExpression: number;
  readonly stylizers: readonly string[];
  /** Metrics of an avatar; default: an identity cosine and expression agreement derived from the index. */
  readonly metrics?: (item: number, stylizer: string) => Record<string, number>;
}

const GENDERS = ['female', 'male'];
const RACES = ['white', 'black', 'east asian'];
const AGES = ['20s', '40s', '60s'];

/**
 * A `geneava run` dataset in miniature: images/, avatars/<stylizer>/ and a metadata.jsonl in the format
 * core's dataset build writes (only the fields a study reads are filled in).
 */
export async function writeRunDataset(dir: string, spec: RunDatasetSpec): Promise<void> {
  const lines: string[] = [];
  let index = 0;
  for (const expression of spec.expressions) {
    for (let k = 0; k < spec.perExpression; k++, index++) {
      const id = `${expression}-${String(k).padStart(3, '0')}`;
      const image = realImagePath(expression, id);
      await writeImageAtomic(join(dir, ...image.split('/')), patternImage(index));
      const avatars: Record<string, AvatarRecord> = {};
      for (const [s, stylizer] of spec.stylizers.entries()) {
        const file = avatarPath(stylizer, expression, id);
        await writeImageAtomic(join(dir, ...file.split('/')), patternImage(1000 + index * 10 + s));
        const metrics = spec.metrics?.(index, stylizer) ?? { 'identity.cosine[mobileface]': 0.3 + ((index * 7 + s * 3) % 10) / 20, 'expression.agree': (index + s) % 2 };
        avatars[stylizer] = { status: 'ok', file, outcome: 'stylized', metrics, kept: true, reasons: [] };
      }
      // Typed as core's record, so a change of the dataset format shows up here first.
      const record: MetadataRecord = {
        id,
        status: 'kept',
        reasons: [],
        expression,
        ...(familyOf(expression) ? { family: familyOf(expression)! } : {}),
        gender: GENDERS[index % GENDERS.length]!,
        race: RACES[Math.floor(index / 2) % RACES.length]!,
        ageGroup: AGES[index % AGES.length]!,
        image,
        avatars,
      };
      lines.push(JSON.stringify(record));
    }
  }
  await writeFile(join(dir, 'metadata.jsonl'), `${lines.join('\n')}\n`);
}
