import { decodeImage } from '@geneava/core/image';
import type { Box, RgbImage } from '@geneava/core/contracts';
import type { ReportThumbnails } from '../../compare/types.js';
import { faceRegion, thumbnailDataUri, type ReportThumbnailOptions } from './thumbnail.js';

export interface ThumbnailSources {
  /** File of the real photo of an item; undefined when there is none. */
  realPath(id: string): string | undefined;
  /** File of a stylizer's avatar of an item; undefined when there is none (e.g. the pair failed). */
  avatarPath(stylizer: string, id: string): string | undefined;
  /**
   * The scored face of an item, in the real photo's pixels: thumbnails then show faceRegion() of it
   * rather than the whole (possibly group) photo. Undefined: the whole image.
   */
  faceBox?(id: string): Box | undefined;
  /**
   * The scored face on a stylizer's avatar, in the avatar's pixels (where the stylizer's transform put
   * it): its thumbnail then shows faceRegion() of it. Undefined: see keepsGeometry.
   */
  avatarFaceBox?(stylizer: string, id: string): Box | undefined;
  /**
   * Without avatarFaceBox: whether the stylizer keeps faces where they were, so its avatar is cut at the
   * photo's region (scaled to the avatar's size). Otherwise its avatars are shown whole. Default: false.
   */
  keepsGeometry?(stylizer: string): boolean;
}

/**
 * Thumbnails of the given items (see thumbnailIds) for every stylizer, read from files one at a time.
 * A file that is missing or cannot be decoded is left out: the report shows a placeholder for it.
 */
export async function collectThumbnails(
  ids: readonly string[],
  stylizers: readonly string[],
  sources: ThumbnailSources,
  options: Omit<ReportThumbnailOptions, 'region'> = {},
): Promise<ReportThumbnails> {
  const read = async (path: string | undefined): Promise<RgbImage | undefined> => (path === undefined ? undefined : decodeImage(path).catch(() => undefined));
  const real: Record<string, string> = {};
  const avatars: Record<string, Record<string, string>> = Object.fromEntries(stylizers.map((name) => [name, {}]));
  for (const id of ids) {
    const photo = await read(sources.realPath(id));
    const box = sources.faceBox?.(id);
    const region = photo && box ? faceRegion(box, photo.width, photo.height) : undefined;
    if (photo) real[id] = await thumbnailDataUri(photo, { ...options, ...(region ? { region } : {}) });
    for (const stylizer of stylizers) {
      const avatar = await read(sources.avatarPath(stylizer, id));
      if (!avatar) continue;
      const moved = sources.avatarFaceBox?.(stylizer, id);
      const scaled = moved
        ? faceRegion(moved, avatar.width, avatar.height)
        : region && photo && sources.keepsGeometry?.(stylizer)
          ? scaleBox(region, avatar.width / photo.width, avatar.height / photo.height)
          : undefined;
      avatars[stylizer]![id] = await thumbnailDataUri(avatar, { ...options, ...(scaled ? { region: scaled } : {}) });
    }
  }
  return { real, avatars };
}

function scaleBox(box: Box, sx: number, sy: number): Box {
  return { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy };
}
