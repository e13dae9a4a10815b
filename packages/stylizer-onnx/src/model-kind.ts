import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckReportBuilder, readJsonObject, readOnnxFile } from '@geneava/core/model-check';
import type { ModelCheckReport, ModelKindDefinition } from '@geneava/core/plugins';
import { checkDescriptorSignature } from './descriptor/check-signature.js';
import { descriptorProblems, parseDescriptor } from './descriptor/load-descriptor.js';

export const ONNX_STYLIZER_KIND = 'onnx-stylizer';
/** The file looked for when a folder is checked. */
export const DEFAULT_DESCRIPTOR_NAME = 'descriptor.json';

/**
 * `geneava models check onnx-stylizer PATH`: PATH is a descriptor file (or a folder holding descriptor.json).
 * Reports the descriptor's schema problems, the model file's presence and readability, and every way the
 * model's signature differs from what the descriptor declares.
 */
export async function checkOnnxStylizer(path: string): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(ONNX_STYLIZER_KIND, path);
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false);
  const file = isFolder ? join(path, DEFAULT_DESCRIPTOR_NAME) : path;
  const name = isFolder ? DEFAULT_DESCRIPTOR_NAME : basename(path);
  const json = await readJsonObject(file);
  if (!json.ok) {
    report.problem(name, `descriptor ${json.message}`);
    return report.build();
  }
  const problems = descriptorProblems(json.value);
  for (const problem of problems) report.problem(name, problem);
  if (problems.length > 0) return report.build();

  const { descriptor, modelPath } = parseDescriptor(json.value, file);
  report.fact('id', descriptor.id);
  report.fact('style', descriptor.style);
  report.fact('alignment', descriptor.alignment.type);
  const signature = await readOnnxFile(dirname(modelPath), basename(modelPath), `"${descriptor.id}" stylizer`, report);
  if (!signature) return report.build();
  const check = checkDescriptorSignature(descriptor, signature);
  if (!check.ok) {
    for (const problem of check.problems) report.problem(descriptor.model, problem);
  } else {
    report.fact('input tensor', `${check.tensors.inputName} (${check.tensors.inputDtype})`);
    report.fact('output tensor', check.tensors.outputName);
  }
  return report.build();
}

export const onnxStylizerModelKind: ModelKindDefinition = {
  kind: ONNX_STYLIZER_KIND,
  description: 'Declarative ONNX stylizer: a descriptor .json (or a folder holding descriptor.json) and the .onnx model it names',
  check: checkOnnxStylizer,
};
