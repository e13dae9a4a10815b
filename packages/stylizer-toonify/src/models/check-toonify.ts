/**
 * `geneava models check toonify PATH`: PATH is a toonify net file or the folder holding it. The net's
 * signature says which variant it is (pSp or ReStyle); a ReStyle net also needs its companion files
 * beside it. Everything is reported in one pass, without loading weights.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckReportBuilder, isFile, readOnnxFile, reportContract } from '@geneava/core/model-check';
import type { ModelIoContract, ModelSignature } from '@geneava/core/onnx';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { bindByPosition } from './bind-by-position.js';
import { checkAverageFiles } from './check-average-files.js';
import { FACE_POOL_CONTRACT, PSP_TOONIFY_CONTRACT, RESTYLE_ENCODER_CONTRACT, RESTYLE_TOONIFY_CONTRACT } from './contracts.js';
import { FACE_POOL_FILES, RESTYLE_ENCODER_FILES, TOONIFY_NET_FILES } from './toonify-layout.js';

export const TOONIFY_MODEL_KIND = 'toonify';

export type ToonifyVariant = 'psp' | 'restyle';

/** ReStyle nets are the ones fed the previous latent; anything else is judged as pSp. */
export function detectToonifyVariant(signature: Pick<ModelSignature, 'inputs'>): ToonifyVariant {
  const names = new Set(signature.inputs.map((info) => info.name));
  return names.has('x_input') || names.has('latent_input') ? 'restyle' : 'psp';
}

/** A net file or a folder: dispatches to checkToonifyFile or checkToonifyFolder. */
export async function checkToonify(path: string): Promise<ModelCheckReport> {
  const isDir = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  return isDir ? checkToonifyFolder(path) : checkToonifyFile(path);
}

/** Checks the folder's toonify net (toonify.onnx or toonify-fp16.onnx) and, for ReStyle, its companions. */
export async function checkToonifyFolder(dir: string): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(TOONIFY_MODEL_KIND, dir);
  const net = await findOne(dir, TOONIFY_NET_FILES, 'the toonify net', report);
  if (net) await checkNet(dir, net, report);
  return report.build();
}

/** Checks one net file; a ReStyle net's companions are looked for beside it (paths relative to its folder). */
export async function checkToonifyFile(file: string): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(TOONIFY_MODEL_KIND, file);
  const name = basename(file);
  if ([...RESTYLE_ENCODER_FILES, ...FACE_POOL_FILES].includes(name)) {
    report.problem(name, `is a ReStyle companion file; check the toonify net (${TOONIFY_NET_FILES.join(' or ')}) or its folder`);
    return report.build();
  }
  await checkNet(dirname(file), name, report);
  return report.build();
}

async function checkNet(dir: string, net: string, report: CheckReportBuilder): Promise<void> {
  const signature = await readOnnxFile(dir, net, 'Toonify', report);
  if (!signature) return;
  const variant = detectToonifyVariant(signature);
  report.fact('variant', variant);
  report.fact('net', net);
  if (variant === 'psp') {
    reportContract(net, PSP_TOONIFY_CONTRACT, signature, report);
    return;
  }
  checkRestyleNet(net, RESTYLE_TOONIFY_CONTRACT, signature, report);

  const encoder = await findOne(dir, RESTYLE_ENCODER_FILES, 'the FFHQ ReStyle encoder that runs the first iteration', report);
  if (encoder) {
    const encoderSignature = await readOnnxFile(dir, encoder, RESTYLE_ENCODER_CONTRACT.model, report);
    if (encoderSignature) checkRestyleNet(encoder, RESTYLE_ENCODER_CONTRACT, encoderSignature, report);
  }
  const pool = await findOne(dir, FACE_POOL_FILES, 'the face pool that turns each 1024 output into the next 256 input', report);
  if (pool) {
    const poolSignature = await readOnnxFile(dir, pool, FACE_POOL_CONTRACT.model, report);
    if (poolSignature) checkPositional(pool, FACE_POOL_CONTRACT, poolSignature, { inputs: true }, report);
  }
  await checkAverageFiles(dir, report);
}

/** ReStyle nets take named inputs (x_input, latent_input) and return outputs read by position. */
function checkRestyleNet(file: string, contract: ModelIoContract, signature: ModelSignature, report: CheckReportBuilder): void {
  checkPositional(file, contract, signature, { inputs: false }, report);
}

function checkPositional(
  file: string,
  contract: ModelIoContract,
  signature: ModelSignature,
  bind: { inputs: boolean },
  report: CheckReportBuilder,
): void {
  const inputs = bind.inputs ? bindByPosition(signature.inputs, contract.inputs) : { tensors: signature.inputs, renamed: [] };
  const outputs = bindByPosition(signature.outputs, contract.outputs);
  const renamed = [...inputs.renamed, ...outputs.renamed];
  if (renamed.length > 0) report.fact(`${file} tensors`, `read by position: ${renamed.join(', ')}`);
  reportContract(file, contract, { inputs: inputs.tensors, outputs: outputs.tensors }, report);
}

/** The one file of `names` present in `dir`; reports none or several. */
async function findOne(dir: string, names: readonly string[], what: string, report: CheckReportBuilder): Promise<string | undefined> {
  const present: string[] = [];
  for (const name of names) if (await isFile(join(dir, name))) present.push(name);
  if (present.length === 1) return present[0];
  if (present.length === 0) report.problem(names[0]!, `missing (${what}; ${names.slice(1).join(', ')} is accepted too)`);
  else report.problem(present[1]!, `${present[0]} is present too: keep one file for ${what}`);
  return undefined;
}
