/**
 * `geneava models check dctnet DIR`: everything that can be wrong with a DCT-Net style folder, found in
 * one pass without loading any weights.
 */
import { open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CheckReportBuilder, isDirectory, isFile, readOnnxFile, reportContract } from '@geneava/core/model-check';
import type { ModelSignature, TensorInfo } from '@geneava/core/onnx';
import type { ModelCheckReport } from '@geneava/core/plugins';
import {
  DCTNET_INPUT_NAME,
  DCTNET_OUTPUT_NAME,
  dctnetContract,
  detectDctnetNaming,
  dctnetTensorName,
  type DctnetGraph,
  type DctnetTensorNaming,
} from './contracts.js';
import { DCTNET_ALPHA_MASK_FILE, DCTNET_GRAPH_FILES, DCTNET_GRAPHS } from './dctnet-layout.js';

export const DCTNET_MODEL_KIND = 'dctnet';

const GRAPH_FACT: Record<DctnetGraph, string> = { head: 'head graph', background: 'background graph' };

/** What one graph file turned out to be, for the folder-wide facts. */
interface GraphFindings {
  readonly naming: DctnetTensorNaming;
  /** Whether the image tensors carry a leading batch dim; undefined when the file does not say. */
  readonly batchDim?: boolean;
}

export async function checkDctnetFolder(dir: string): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(DCTNET_MODEL_KIND, dir);
  if (!(await isDirectory(dir))) {
    report.problem('.', 'not a folder (expected a DCT-Net style folder holding cartoon_h.onnx and cartoon_bg.onnx)');
    return report.build();
  }
  report.fact('style', basename(resolve(dir)));

  const findings = new Map<DctnetGraph, GraphFindings>();
  for (const graph of DCTNET_GRAPHS) {
    const found = await checkGraph(dir, graph, report);
    if (found) findings.set(graph, found);
  }
  reportFolderFacts(findings, report);
  await checkAlphaMask(dir, report);
  return report.build();
}

async function checkGraph(dir: string, graph: DctnetGraph, report: CheckReportBuilder): Promise<GraphFindings | undefined> {
  const names = DCTNET_GRAPH_FILES[graph];
  const present: string[] = [];
  for (const name of names) if (await isFile(join(dir, name))) present.push(name);
  const model = dctnetContract(graph, 'plain').model;
  if (present.length === 0) {
    report.problem(names[0]!, `missing (the ${model} graph; the older name ${names[1]} is accepted too)`);
    return undefined;
  }
  if (present.length > 1) {
    report.problem(names[1]!, `${names[0]} is present too: keep one ${model} graph so it is clear which one runs`);
    return undefined;
  }
  const file = present[0]!;
  report.fact(GRAPH_FACT[graph], file);

  const signature = await readOnnxFile(dir, file, model, report);
  if (!signature) return undefined;
  const naming = detectDctnetNaming([...signature.inputs, ...signature.outputs].map((info) => info.name));
  const matches = reportContract(file, dctnetContract(graph, naming), signature, report);
  if (!matches) return { naming };
  return { naming, ...batchLayout(file, signature, naming, report) };
}

/** The contract accepts either layout per tensor; input and output must still agree with each other. */
function batchLayout(
  file: string,
  signature: ModelSignature,
  naming: DctnetTensorNaming,
  report: CheckReportBuilder,
): { batchDim?: boolean } {
  const rank = (tensors: readonly TensorInfo[], name: string) => tensors.find((info) => info.name === name)?.dims?.length;
  const inputName = dctnetTensorName(DCTNET_INPUT_NAME, naming);
  const outputName = dctnetTensorName(DCTNET_OUTPUT_NAME, naming);
  const inputRank = rank(signature.inputs, inputName);
  const outputRank = rank(signature.outputs, outputName);
  if (inputRank !== undefined && outputRank !== undefined && inputRank !== outputRank) {
    const describe = (r: number) => (r === 4 ? 'has a batch dim' : 'has no batch dim');
    report.problem(
      file,
      `input '${inputName}' ${describe(inputRank)} but output '${outputName}' ${describe(outputRank)}; both must be HWC or both NHWC`,
    );
    return {};
  }
  const known = inputRank ?? outputRank;
  return known === undefined ? {} : { batchDim: known === 4 };
}

function reportFolderFacts(findings: ReadonlyMap<DctnetGraph, GraphFindings>, report: CheckReportBuilder): void {
  const naming = summarize(
    [...findings].map(([graph, found]) => [graph, describeNaming(found.naming)] as const),
  );
  if (naming) report.fact('tensor names', naming);

  const layouts = [...findings].flatMap(([graph, found]) =>
    found.batchDim === undefined ? [] : [[graph, found.batchDim ? 'yes (NHWC)' : 'no (HWC)'] as const],
  );
  const layout = summarize(layouts);
  if (layout) report.fact('batch dim', layout);
}

/** One value when both graphs are known and agree; otherwise each known graph's value, named. */
function summarize(values: ReadonlyArray<readonly [DctnetGraph, string]>): string | undefined {
  if (values.length === 0) return undefined;
  const distinct = new Set(values.map(([, value]) => value));
  if (values.length === DCTNET_GRAPHS.length && distinct.size === 1) return values[0]![1];
  return values.map(([graph, value]) => `${graph} ${value}`).join(', ');
}

function describeNaming(naming: DctnetTensorNaming): string {
  return naming === 'tf2onnx' ? `${DCTNET_INPUT_NAME}:0 / ${DCTNET_OUTPUT_NAME}:0 (tf2onnx)` : `${DCTNET_INPUT_NAME} / ${DCTNET_OUTPUT_NAME}`;
}

/** Every JPEG starts with the SOI marker followed by another marker's 0xFF. */
const JPEG_MAGIC = [0xff, 0xd8, 0xff] as const;

async function checkAlphaMask(dir: string, report: CheckReportBuilder): Promise<void> {
  const path = join(dir, DCTNET_ALPHA_MASK_FILE);
  if (!(await isFile(path))) {
    report.fact('alpha mask', 'absent');
    return;
  }
  const head = new Uint8Array(JPEG_MAGIC.length);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (JPEG_MAGIC.every((byte, i) => head[i] === byte)) report.fact('alpha mask', 'present');
  else report.problem(DCTNET_ALPHA_MASK_FILE, 'is not a JPEG image (the head blend mask must be the alpha.jpg of the DCT-Net model files)');
}
