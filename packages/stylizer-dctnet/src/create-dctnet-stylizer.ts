import { join } from 'node:path';
import type { FaceAnalyzer } from '@geneava/core/contracts';
import { isFile } from '@geneava/core/model-check';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import { openDctnetGraph, type DctnetGraphSession } from './dctnet-graph.js';
import { DctnetStylizer } from './dctnet-stylizer.js';
import { loadHeadMask } from './head-mask.js';
import { DCTNET_GRAPH_FILES } from './models/dctnet-layout.js';
import type { DctnetGraph } from './models/contracts.js';
import { checkStyleName, styleFromFolder } from './options.js';

export interface CreateDctnetStylizerOptions {
  /** The style folder: cartoon_h.onnx and cartoon_bg.onnx (or their older _anime_ names), optional alpha.jpg. */
  readonly models: string;
  /** The runtime that owns the sessions; disposing the stylizer (or the runtime) releases them. */
  readonly onnx: Pick<OnnxRuntime, 'createSession'>;
  /** Style name in the id `dctnet-<style>`; default: the folder name. */
  readonly style?: string;
  /** Short-side limit before stylization; default 720. */
  readonly maxShortSide?: number;
  /** Detects faces for inputs that come without them. */
  readonly faceAnalyzer?: Pick<FaceAnalyzer, 'detect' | 'info'>;
  readonly device?: DevicePreference;
}

/**
 * Opens a DCT-Net style folder: both graphs as sessions whose signatures are checked against the DCT-Net
 * contract (ModelContractError on a wrong file, before any image is processed), and the head mask.
 */
export async function createDctnetStylizer(options: CreateDctnetStylizerOptions): Promise<DctnetStylizer> {
  const style = checkStyleName(options.style ?? styleFromFolder(options.models));
  const headFile = await graphFile(options.models, 'head');
  const backgroundFile = await graphFile(options.models, 'background');
  const mask = await loadHeadMask(options.models);
  const head = await openDctnetGraph(options.onnx, headFile, 'head', options.device);
  let background: DctnetGraphSession;
  try {
    background = await openDctnetGraph(options.onnx, backgroundFile, 'background', options.device);
  } catch (error) {
    await head.dispose();
    throw error;
  }
  return new DctnetStylizer(
    { head, background, mask },
    { style, ...(options.maxShortSide === undefined ? {} : { maxShortSide: options.maxShortSide }), ...(options.faceAnalyzer ? { faceAnalyzer: options.faceAnalyzer } : {}) },
  );
}

/** The one file of the graph's accepted names present in the folder. */
async function graphFile(dir: string, graph: DctnetGraph): Promise<string> {
  const names = DCTNET_GRAPH_FILES[graph];
  const present: string[] = [];
  for (const name of names) if (await isFile(join(dir, name))) present.push(join(dir, name));
  if (present.length === 1) return present[0]!;
  const what = graph === 'head' ? 'DCT-Net head graph' : 'DCT-Net background graph';
  if (present.length === 0) throw new GeneavaError(`${join(dir, names[0]!)}: missing (the ${what}; ${names[1]} is accepted too)`, 'dctnet-folder');
  throw new GeneavaError(`${dir}: holds both ${names.join(' and ')}; keep one ${what} so it is clear which one runs`, 'dctnet-folder');
}
