/**
 * `geneava models check sdxl DIR`: everything that can be wrong with an SDXL export folder, found in one
 * pass and without loading any weights, so a user fixes the folder once instead of once per failed run.
 */
import { join } from 'node:path';
import {
  CheckReportBuilder,
  isDirectory,
  isFile,
  readJsonObject,
  readOnnxFile,
  reportContract,
} from '@geneava/core/model-check';
import type { ModelCheckReport } from '@geneava/core/plugins';
import type { ModelSignature } from '@geneava/core/onnx';
import { sdxlComponentsOf, sdxlContracts, SDXL_BASE_DIMS, SDXL_REFINER_DIMS, type SdxlComponent, type SdxlDims, VAE_ENCODER_FILE, vaeEncoderContract, vaeEncoderOutput } from './contracts.js';
import { judgeGeneration, textEncoderEvidence, unetTimestepEvidence, type GenerationEvidence } from './export-generation.js';
import { judgePrecision, modelPrecision, type Precision } from './precision.js';
import {
  componentModelFile,
  MODEL_INDEX_FILE,
  SCHEDULER_CONFIG_FILE,
  SDXL_PIPELINE_CLASS,
  SDXL_REFINER_PIPELINE_CLASS,
  TOKENIZER_FOLDERS,
} from './sdxl-layout.js';
import { checkTokenizerFolder } from './tokenizer-files.js';
import { readSchedulerConfigFile } from '../schedulers/read-scheduler-config.js';

export const SDXL_MODEL_KIND = 'sdxl';

export interface CheckSdxlFolderOptions {
  /** Architecture sizes to expect; SDXL base 1.0 by default. */
  readonly dims?: SdxlDims;
}

export async function checkSdxlFolder(dir: string, options: CheckSdxlFolderOptions = {}): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(SDXL_MODEL_KIND, dir);
  if (!(await isDirectory(dir))) {
    report.problem('.', 'not a folder (expected an Optimum SDXL export folder)');
    return report.build();
  }

  const refiner = await checkModelIndex(dir, report);
  const dims = options.dims ?? (refiner ? SDXL_REFINER_DIMS : SDXL_BASE_DIMS);
  if (dims.refiner) report.fact('variant', 'refiner (text_encoder_2 only, 5 time ids with an aesthetic score)');
  await checkSchedulerConfig(dir, report);
  for (const folder of TOKENIZER_FOLDERS) {
    if (dims.refiner && folder === 'tokenizer') continue;
    const form = await checkTokenizerFolder(dir, folder, report);
    if (form) report.fact(`${folder} files`, form);
  }

  const contracts = sdxlContracts(dims);
  const signatures = new Map<SdxlComponent, ModelSignature>();
  for (const component of sdxlComponentsOf(dims)) {
    const file = componentModelFile(component);
    const signature = await readOnnxFile(dir, file, contracts[component].model, report);
    if (!signature) continue;
    reportContract(file, contracts[component], signature, report);
    // Kept even when it breaks its contract: the generation and precision facts still hold.
    signatures.set(component, signature);
  }

  await checkVaeEncoder(dir, dims, report);

  reportExportGeneration(signatures, report);
  reportPrecision(signatures, report);
  reportOpsets(signatures, report);
  return report.build();
}

/** Checks model_index.json; returns whether it describes the refiner (requires_aesthetics_score). */
async function checkModelIndex(dir: string, report: CheckReportBuilder): Promise<boolean> {
  const index = await readJsonObject(join(dir, MODEL_INDEX_FILE));
  if (!index.ok) {
    report.problem(MODEL_INDEX_FILE, index.message);
    return false;
  }
  const refiner = index.value['requires_aesthetics_score'] === true;
  const className = index.value['_class_name'];
  const expected = refiner ? SDXL_REFINER_PIPELINE_CLASS : SDXL_PIPELINE_CLASS;
  if (className !== expected) {
    const found = className === undefined ? 'no _class_name' : `_class_name ${JSON.stringify(className)}`;
    report.problem(MODEL_INDEX_FILE, `expected _class_name "${expected}"${refiner ? ' (requires_aesthetics_score is true: the refiner)' : ''}, found ${found}`);
  } else {
    report.fact('pipeline', expected);
  }
  // diffusers' StableDiffusionXLPipeline defaults force_zeros_for_empty_prompt to true.
  const forceZeros = index.value['force_zeros_for_empty_prompt'];
  if (forceZeros === undefined) report.fact('force_zeros_for_empty_prompt', 'true (not set; the pipeline default)');
  else if (typeof forceZeros === 'boolean') report.fact('force_zeros_for_empty_prompt', String(forceZeros));
  else {
    report.problem(MODEL_INDEX_FILE, `force_zeros_for_empty_prompt must be true or false, found ${JSON.stringify(forceZeros)}`);
  }
  return refiner;
}

/** vae_encoder/ is needed for img2img only: its absence is a fact, a broken one a problem. */
async function checkVaeEncoder(dir: string, dims: SdxlDims, report: CheckReportBuilder): Promise<void> {
  if (!(await isFile(join(dir, VAE_ENCODER_FILE)))) {
    report.fact('vae_encoder', 'absent (image-to-image unavailable)');
    return;
  }
  const contract = vaeEncoderContract(dims);
  const signature = await readOnnxFile(dir, VAE_ENCODER_FILE, contract.model, report);
  if (!signature) return;
  reportContract(VAE_ENCODER_FILE, contract, signature, report);
  const output = vaeEncoderOutput(signature.outputs.map((o) => o.name));
  if (output) report.fact('vae_encoder', `${output} (image-to-image)`);
  else report.problem(VAE_ENCODER_FILE, "has neither a 'latent_parameters' nor a 'latent_sample' output (an Optimum vae_encoder has one of them)");
}

async function checkSchedulerConfig(dir: string, report: CheckReportBuilder): Promise<void> {
  const config = await readSchedulerConfigFile(join(dir, SCHEDULER_CONFIG_FILE));
  if (!config.ok) {
    report.problem(SCHEDULER_CONFIG_FILE, config.message);
    return;
  }
  const className = config.value['_class_name'];
  if (typeof className === 'string' && className.length > 0) report.fact('scheduler', className);
  else report.problem(SCHEDULER_CONFIG_FILE, 'has no _class_name (expected e.g. "EulerDiscreteScheduler")');
}

function reportExportGeneration(signatures: ReadonlyMap<SdxlComponent, ModelSignature>, report: CheckReportBuilder): void {
  const evidence: GenerationEvidence[] = [];
  const textEncoder = signatures.get('text_encoder');
  const unet = signatures.get('unet');
  const fromTextEncoder = textEncoder && textEncoderEvidence(componentModelFile('text_encoder'), textEncoder);
  const fromUnet = unet && unetTimestepEvidence(componentModelFile('unet'), unet);
  if (fromTextEncoder) evidence.push(fromTextEncoder);
  if (fromUnet) evidence.push(fromUnet);

  const verdict = judgeGeneration(evidence);
  if (verdict.kind === 'single') report.fact('export generation', verdict.generation);
  else if (verdict.kind === 'mixed') report.problem('.', verdict.message);
}

function reportPrecision(signatures: ReadonlyMap<SdxlComponent, ModelSignature>, report: CheckReportBuilder): void {
  const models: Array<readonly [string, Precision]> = [];
  let vaeDecoder: readonly [string, Precision] | undefined;
  for (const [component, signature] of signatures) {
    const file = componentModelFile(component);
    const precision = modelPrecision(signature);
    if (precision.kind === 'mixed') {
      report.problem(file, `mixes float precisions (${precision.detail}); an Optimum export uses one float dtype per model`);
    } else if (precision.kind === 'single') {
      if (component === 'vae_decoder') vaeDecoder = [file, precision.precision];
      else models.push([file, precision.precision]);
    }
  }
  const verdict = judgePrecision(models, vaeDecoder);
  verdict.problems.forEach((message) => report.problem('.', message));
  if (verdict.precision) report.fact('precision', verdict.precision);
  if (verdict.vaeDecoderPrecision) report.fact('vae_decoder precision', verdict.vaeDecoderPrecision);
}

/** One opset for the folder ("14"), or each model's when they differ. */
function reportOpsets(signatures: ReadonlyMap<SdxlComponent, ModelSignature>, report: CheckReportBuilder): void {
  const opsets = [...signatures].filter(([, signature]) => signature.opset !== undefined);
  if (opsets.length === 0) return;
  const distinct = new Set(opsets.map(([, signature]) => signature.opset));
  report.fact(
    'opset',
    distinct.size === 1 ? String(opsets[0]![1].opset) : opsets.map(([component, s]) => `${component} ${s.opset}`).join(', '),
  );
}
