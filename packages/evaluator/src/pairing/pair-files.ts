/**
 * Matches real images with avatars by name. A pair's id is the real image's path relative to its
 * folder, without extension ("joy/0001"), so results line up with labels and folder layouts.
 */

export interface ImagePair {
  /** The real image's relative path without extension, '/'-separated. */
  readonly id: string;
  /** Relative paths inside the real and the avatar folders. */
  readonly real: string;
  readonly avatar: string;
}

export interface UnpairedImage {
  readonly side: 'real' | 'avatar';
  /** Relative path inside its folder. */
  readonly path: string;
  readonly reason: string;
}

export interface Pairing {
  readonly pairs: readonly ImagePair[];
  readonly unpaired: readonly UnpairedImage[];
}

export function stripExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Pairs in two passes:
 * 1. same relative path ignoring the extension ("joy/0001.jpg" with "joy/0001.png");
 * 2. for the rest, the same file name ignoring the extension, wherever it sits ("joy/0001.jpg" with
 *    "classic/joy/0001.png" or "0001.png"), when that name is unique among the rest on both sides.
 * Files that share a name with another on their own side, or have no partner, come back unpaired with
 * the reason. Pairs are sorted by id.
 */
export function pairImages(realImages: readonly string[], avatarImages: readonly string[]): Pairing {
  const unpaired: UnpairedImage[] = [];
  const pairs: ImagePair[] = [];

  const real = uniqueBy(realImages, stripExtension, 'real', unpaired);
  const avatar = uniqueBy(avatarImages, stripExtension, 'avatar', unpaired);
  for (const [key, realPath] of real) {
    const avatarPath = avatar.get(key);
    if (avatarPath === undefined) continue;
    pairs.push({ id: key, real: realPath, avatar: avatarPath });
    real.delete(key);
    avatar.delete(key);
  }

  const nameOf = (path: string) => baseName(stripExtension(path));
  const realByName = groupBy([...real.values()], nameOf);
  const avatarByName = groupBy([...avatar.values()], nameOf);
  for (const [name, realPaths] of realByName) {
    const avatarPaths = avatarByName.get(name) ?? [];
    if (realPaths.length === 1 && avatarPaths.length === 1) {
      pairs.push({ id: stripExtension(realPaths[0]!), real: realPaths[0]!, avatar: avatarPaths[0]! });
      avatarByName.delete(name);
      continue;
    }
    for (const path of realPaths) {
      unpaired.push({
        side: 'real',
        path,
        reason:
          avatarPaths.length === 0
            ? `no avatar named ${name}`
            : `ambiguous: ${realPaths.length} real and ${avatarPaths.length} avatar files are named ${name}; keep the same sub-folders on both sides`,
      });
    }
    avatarByName.delete(name);
    for (const path of avatarPaths) {
      unpaired.push({ side: 'avatar', path, reason: `ambiguous: ${realPaths.length} real and ${avatarPaths.length} avatar files are named ${name}; keep the same sub-folders on both sides` });
    }
  }
  for (const [name, avatarPaths] of avatarByName) {
    for (const path of avatarPaths) unpaired.push({ side: 'avatar', path, reason: `no real image named ${name}` });
  }

  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort((a, b) => order(a.id, b.id));
  unpaired.sort((a, b) => order(a.side, b.side) || order(a.path, b.path));
  return { pairs, unpaired };
}

/** Paths keyed by `key`; paths whose key is taken by another (e.g. a.jpg and a.png) go to `unpaired`. */
function uniqueBy(paths: readonly string[], key: (path: string) => string, side: 'real' | 'avatar', unpaired: UnpairedImage[]): Map<string, string> {
  const grouped = groupBy(paths, key);
  const unique = new Map<string, string>();
  for (const [k, group] of grouped) {
    if (group.length === 1) {
      unique.set(k, group[0]!);
    } else {
      for (const path of group) unpaired.push({ side, path, reason: `ambiguous: ${group.join(', ')} differ only in extension` });
    }
  }
  return unique;
}

function groupBy(paths: readonly string[], key: (path: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const k = key(path);
    const group = groups.get(k);
    if (group) group.push(path);
    else groups.set(k, [path]);
  }
  return groups;
}
