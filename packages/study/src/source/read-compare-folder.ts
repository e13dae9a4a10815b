import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { z } from 'zod';
import { compareAvatarFolders } from '@geneava/core/dataset-format';
import { familyOf } from '@geneava/core/taxonomy';
import { UsageError } from '@geneava/core/util';
import type { Candidate, StudySource } from './candidates.js';

const comparisonJson = z.looseObject({
  stylizers: z.array(z.looseObject({ name: z.string().min(1) })).min(1),
  context: z.looseObject({ Input: z.string().optional() }),
  gallery: z.array(z.looseObject({ id: z.string(), labels: z.record(z.string(), z.string()) })).optional(),
});

const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * The pairs of a `geneava compare` folder: comparison.json names the stylizers and the photo folder
 * (context.Input), avatars/<stylizer>/<id>.png are the avatars, and the photo of item <id> is <id> with
 * its own extension in the input folder (or <id> itself, when two photos shared a name). comparison.json
 * has no per-pair metrics, so these pairs carry none; the expression label comes from the photo's
 * <expression>/ folder, as compare itself reads it, and any labels the report's gallery lists.
 */
export async function readCompareFolder(dir: string): Promise<StudySource> {
  const file = join(dir, 'comparison.json');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `not readable JSON (${(error as Error).message})`}`);
  }
  const parsed = comparisonJson.safeParse(data);
  if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const input = parsed.data.context.Input;
  if (!input || !isAbsolute(input)) throw new UsageError(`${file}: context.Input does not name the photo folder the comparison ran on`);
  const photos = new Set(await listFiles(input));
  if (photos.size === 0) throw new UsageError(`${file}: the photo folder ${input} is missing or empty`);
  const galleryLabels = new Map((parsed.data.gallery ?? []).map((row) => [row.id, row.labels]));

  const photoOf = (id: string): string | undefined => {
    if (photos.has(id)) return id;
    for (const extension of PHOTO_EXTENSIONS) {
      for (const candidate of [`${id}${extension}`, `${id}${extension.toUpperCase()}`]) if (photos.has(candidate)) return candidate;
    }
    return undefined;
  };
  const stylizers = parsed.data.stylizers.map((stylizer) => stylizer.name);
  const folders = compareAvatarFolders(stylizers);
  const candidates: Candidate[] = [];
  for (const stylizer of stylizers) {
    const avatarsDir = join(dir, 'avatars', folders.get(stylizer)!);
    for (const avatar of await listFiles(avatarsDir)) {
      if (!avatar.toLowerCase().endsWith('.png')) continue;
      const id = avatar.slice(0, -'.png'.length);
      const photo = photoOf(id);
      if (!photo) continue;
      const labels: Record<string, string> = { ...(galleryLabels.get(id) ?? {}) };
      const folder = posix.dirname(id).split('/')[0]!;
      if (!labels['expression'] && familyOf(folder)) labels['expression'] = folder;
      if (!labels['family'] && labels['expression'] && familyOf(labels['expression'])) labels['family'] = familyOf(labels['expression'])!;
      candidates.push({ item: id, stylizer, real: join(input, photo), avatar: join(avatarsDir, avatar), labels, metrics: {} });
    }
  }
  return { kind: 'compare', path: dir, stylizers, candidates };
}
