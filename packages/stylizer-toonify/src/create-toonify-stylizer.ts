import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isFile } from '@geneava/core/model-check';
import { readModelSignature, type DevicePreference, type OnnxRuntime } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import { detectToonifyVariant } from './models/check-toonify.js';
import { FACE_POOL_FILES, RESTYLE_ENCODER_FILES, TOONIFY_NET_FILES } from './models/toonify-layout.js';
import { openPspEngine } from './psp-engine.js';
import { openRestyleEngine, RESTYLE_DEFAULT_ITERATIONS } from './restyle-engine.js';
import type { ToonifyEngine } from './toonify-engine.js';
import { ToonifyStylizer, type ToonifyStylizerSettings } from './toonify-stylizer.js';

export interface CreateToonifyStylizerOptions extends ToonifyStylizerSettings {
  /** The toonify net file, or the folder holding toonify.onnx (ReStyle: with its companion files). */
  readonly models: string;
  /** The runtime that owns the sessions; disposing the stylizer (or the runtime) releases them. */
  readonly onnx: Pick<OnnxRuntime, 'createSession'>;
  /** ReStyle passes in all (at least 2); default 5. Ignored for pSp. */
  readonly iterations?: number;
  readonly device?: DevicePreference;
}

/**
 * Opens a Toonify model: the net's inputs say pSp or ReStyle; every session is checked against its
 * contract (ModelContractError on a wrong file) before any face is processed.
 */
export async function createToonifyStylizer(options: CreateToonifyStylizerOptions): Promise<ToonifyStylizer> {
  const engine = await openToonifyEngine(options);
  try {
    return new ToonifyStylizer(engine, options);
  } catch (error) {
    await engine.dispose();
    throw error;
  }
}

export async function openToonifyEngine(options: Pick<CreateToonifyStylizerOptions, 'models' | 'onnx' | 'iterations' | 'device'>): Promise<ToonifyEngine> {
  const isDir = await stat(options.models).then(
    (info) => info.isDirectory(),
    () => false,
  );
  const dir = isDir ? options.models : dirname(options.models);
  const net = isDir ? await oneOf(dir, TOONIFY_NET_FILES, 'the toonify net') : options.models;
  const signature = await readModelSignature(net);
  if (detectToonifyVariant(signature) === 'psp') return openPspEngine(options.onnx, net, options.device);
  return openRestyleEngine(
    options.onnx,
    {
      net,
      encoder: await oneOf(dir, RESTYLE_ENCODER_FILES, 'the FFHQ ReStyle encoder that runs the first iteration'),
      pool: await oneOf(dir, FACE_POOL_FILES, 'the face pool between iterations'),
      dir,
    },
    options.iterations ?? RESTYLE_DEFAULT_ITERATIONS,
    options.device,
  );
}

/** The one file of `names` present in `dir`. */
async function oneOf(dir: string, names: readonly string[], what: string): Promise<string> {
  const present: string[] = [];
  for (const name of names) if (await isFile(join(dir, name))) present.push(join(dir, name));
  if (present.length === 1) return present[0]!;
  if (present.length === 0) throw new GeneavaError(`${join(dir, names[0]!)}: missing (${what}; ${names.slice(1).join(', ')} is accepted too)`, 'toonify-models');
  throw new GeneavaError(`${dir}: holds both ${present.join(' and ')}; keep one file for ${what}`, 'toonify-models');
}
