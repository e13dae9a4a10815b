import { API_VERSIONS, type StylizedFace, type Stylizer } from '@geneava/core/contracts';
import { faceTransformsProblem } from '@geneava/core/geometry';
import { violation } from './conformance-error.js';
import { resolveSize, type ExpectedSize } from './options.js';
import type { ConformanceSample } from './samples.js';

const OUTCOMES: ReadonlySet<string> = new Set(['stylized', 'no-face', 'whole-image']);
const IDENTITY = [1, 0, 0, 0, 1, 0] as const;

/** apiVersion and info: the fields the CLI, the evaluator and output folder names rely on. */
export function checkInfo(stylizer: Stylizer): void {
  const id = typeof stylizer.info?.id === 'string' ? stylizer.info.id : '(no id)';
  const fail = (problem: string) => violation(id, 'its declaration', problem);
  if (stylizer.apiVersion !== API_VERSIONS.stylizer) {
    throw fail(`apiVersion is ${String(stylizer.apiVersion)}, this core implements stylizer apiVersion ${API_VERSIONS.stylizer}`);
  }
  const info = stylizer.info;
  if (!info || typeof info !== 'object') throw fail('has no info object');
  // The id names output folders and appears on the command line.
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(info.id)) throw fail(`info.id "${info.id}" must be lower-case letters, digits, ".", "_" or "-"`);
  for (const key of ['style', 'version'] as const) {
    if (typeof info[key] !== 'string' || info[key].trim() === '') throw fail(`info.${key} must be a non-empty string`);
  }
  for (const key of ['needsWeights', 'geometryPreserving'] as const) {
    if (typeof info[key] !== 'boolean') throw fail(`info.${key} must be true or false, got ${String(info[key])}`);
  }
  if (typeof stylizer.stylize !== 'function') throw fail('has no stylize() method');
}

/**
 * Stylizes `sample` and checks the result: interleaved 8-bit RGB of the declared size in a buffer of its
 * own, a known outcome with a matching face count, one-line notes, and the input left as it was.
 */
export async function stylizeChecked(stylizer: Stylizer, sample: ConformanceSample, expectedSize?: ExpectedSize): Promise<StylizedFace> {
  const before = sample.input.image.data.slice();
  const result = await stylizer.stylize(sample.input);
  checkResult(stylizer.info.id, sample, result, expectedSize);
  const { width, height } = sample.input.image;
  if (stylizer.info.geometryPreserving && (result.image.width !== width || result.image.height !== height)) {
    throw violation(stylizer.info.id, sample.name, `declares geometryPreserving but returned ${result.image.width}x${result.image.height} for a ${width}x${height} input`);
  }
  const moved = stylizer.info.geometryPreserving ? result.faceTransforms?.findIndex((m) => m === null || m.some((v, i) => Math.abs(v - IDENTITY[i]!) > 1e-6)) : -1;
  if (moved !== undefined && moved >= 0) {
    throw violation(stylizer.info.id, sample.name, `declares geometryPreserving but reports face ${moved + 1} moved: faceTransforms[${moved}] is ${JSON.stringify(result.faceTransforms![moved])}`);
  }
  if (!equalBytes(before, sample.input.image.data)) {
    throw violation(stylizer.info.id, sample.name, 'modified its input image; stylizers must leave the caller\'s pixels alone');
  }
  return result;
}

export function checkResult(id: string, sample: ConformanceSample, result: StylizedFace, expectedSize?: ExpectedSize): void {
  const fail = (problem: string) => violation(id, sample.name, problem);
  if (!result || typeof result !== 'object' || !result.image) throw fail('stylize() resolved without an image');
  const { width, height, data } = result.image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw fail(`output size ${String(width)}x${String(height)} is not two positive integers`);
  }
  if (Object.prototype.toString.call(data) !== '[object Uint8Array]') throw fail('output data is not a Uint8Array of RGB bytes');
  if (data.length !== width * height * 3) {
    throw fail(`output has ${data.length} bytes, ${width}x${height} RGB needs ${width * height * 3} (interleaved RGB, no alpha, no padding)`);
  }
  const expected = resolveSize(expectedSize, sample.input.image);
  if (width !== expected.width || height !== expected.height) {
    throw fail(`output is ${width}x${height}, the declared size is ${expected.width}x${expected.height}`);
  }
  if (data === sample.input.image.data) throw fail('returned the input\'s pixel buffer; return a buffer of its own');
  if (!OUTCOMES.has(result.outcome)) throw fail(`outcome "${String(result.outcome)}" is not one of stylized, no-face, whole-image`);
  const faces = result.facesStylized;
  if (!Number.isInteger(faces) || faces < 0) throw fail(`facesStylized ${String(faces)} is not a non-negative integer`);
  if (result.outcome === 'stylized' && faces < 1) throw fail('outcome "stylized" with facesStylized 0');
  if (result.outcome !== 'stylized' && faces !== 0) throw fail(`outcome "${result.outcome}" with facesStylized ${faces}; only "stylized" counts faces`);
  // Where each given face went: the evaluator follows these, so they must fit the faces given.
  const transforms = faceTransformsProblem(result.faceTransforms, sample.input.faces?.length ?? 0);
  if (transforms) throw fail(transforms);
  if (result.notes !== undefined) {
    if (!Array.isArray(result.notes) || result.notes.some((note) => typeof note !== 'string' || note.trim() === '' || /[\r\n]/.test(note))) {
      throw fail('notes must be an array of non-empty one-line strings');
    }
  }
}

// Results by stylizer instance and sample: several checks look at the same result, and pixel loops run
// slowly under jest (its Uint8Array comes from another realm), so each is computed once per instance.
const results = new WeakMap<Stylizer, Map<ConformanceSample, Promise<StylizedFace>>>();

/** stylizeChecked, computed once per stylizer instance and sample. */
export function stylizeCached(stylizer: Stylizer, sample: ConformanceSample, expectedSize?: ExpectedSize): Promise<StylizedFace> {
  let bySample = results.get(stylizer);
  if (!bySample) results.set(stylizer, (bySample = new Map()));
  let result = bySample.get(sample);
  if (!result) {
    result = stylizeChecked(stylizer, sample, expectedSize);
    bySample.set(sample, result);
  }
  return result;
}

/** The same input twice (on the same instance) must give the same bytes and the same report. */
export async function checkDeterministic(stylizer: Stylizer, sample: ConformanceSample, expectedSize?: ExpectedSize): Promise<void> {
  const first = await stylizeCached(stylizer, sample, expectedSize);
  const second = await stylizeChecked(stylizer, sample, expectedSize);
  const fail = (problem: string) => violation(stylizer.info.id, sample.name, problem);
  if (!equalBytes(first.image.data, second.image.data)) {
    const index = firstDifference(first.image.data, second.image.data);
    const pixel = Math.floor(index / 3);
    throw fail(
      `not deterministic: two runs differ first at pixel (${pixel % first.image.width}, ${Math.floor(pixel / first.image.width)}), channel ${index % 3}: ${first.image.data[index]} then ${second.image.data[index]}`,
    );
  }
  if (first.outcome !== second.outcome || first.facesStylized !== second.facesStylized) {
    throw fail(`not deterministic: reported ${first.outcome}/${first.facesStylized} then ${second.outcome}/${second.facesStylized}`);
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
