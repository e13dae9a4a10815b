/**
 * `geneava models check face-models DIR`: a folder of converted default models (<name>.onnx for each
 * catalogue entry) checked against the catalogue's contracts without loading any weights. Every
 * problem of every file is reported in one pass.
 */
import { readdir } from 'node:fs/promises';
import { CheckReportBuilder, readOnnxFile, reportContract } from '@geneava/core/model-check';
import type { ModelSignature } from '@geneava/core/onnx';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { FACE_MODEL_CATALOG } from './catalog.js';
import type { FaceModelEntry } from './catalog-types.js';

export const FACE_MODELS_KIND = 'face-models';

export async function checkFaceModelsFolder(dir: string, catalog: readonly FaceModelEntry[] = FACE_MODEL_CATALOG): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(FACE_MODELS_KIND, dir);
  const entries = await listFolder(dir);
  if (!entries) {
    report.problem('.', `not a folder (expected a folder holding ${catalog.map((model) => model.onnxFile).join(', ')})`);
    return report.build();
  }

  let found = 0;
  for (const model of catalog) {
    const signature = await checkModelFile(dir, model, report);
    if (!signature) continue;
    found++;
    if (signature.opset !== undefined) report.fact(`${model.name} opset`, String(signature.opset));
  }
  report.fact('models found', `${found} of ${catalog.length}`);

  const known = new Set(catalog.map((model) => model.onnxFile));
  const others = entries.filter((name) => name.endsWith('.onnx') && !known.has(name));
  if (others.length > 0) report.fact('other ONNX files (not checked)', others.join(', '));
  return report.build();
}

/** Adds the file's problems to the report; returns its signature when it could be read. */
async function checkModelFile(dir: string, model: FaceModelEntry, report: CheckReportBuilder): Promise<ModelSignature | undefined> {
  const signature = await readOnnxFile(dir, model.onnxFile, model.contract.model, report);
  if (signature) reportContract(model.onnxFile, model.contract, signature, report);
  return signature;
}

async function listFolder(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return undefined;
  }
}
