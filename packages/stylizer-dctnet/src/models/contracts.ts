/**
 * IO contracts of DCT-Net's head and background graphs converted from the published TF frozen graphs.
 *
 * Both graphs share one signature (they are the same unet_generator + guided filter): `input_image`
 * float32 HWC with raw BGR pixel values 0..255 and no batch dim, `output_image` uint8 HWC BGR of the same
 * size. tf2onnx keeps TF tensor names, so a converted file names them `input_image:0` / `output_image:0`;
 * a conversion that adds a leading batch dim ([1,H,W,3] or [N,H,W,3]) is accepted as well.
 * H and W are symbolic (the TF placeholder is [None, None, 3]); the stylizer pads them itself.
 */
import type { ModelIoContract, TensorForm, TensorSpec } from '@geneava/core/onnx';

export type DctnetGraph = 'head' | 'background';

/** How the converted file names its tensors: as the TF graph does, or with tf2onnx's ":0" suffix. */
export type DctnetTensorNaming = 'plain' | 'tf2onnx';

export const DCTNET_INPUT_NAME = 'input_image';
export const DCTNET_OUTPUT_NAME = 'output_image';

const INPUT_FORMS: readonly TensorForm[] = [
  { dtypes: ['float32'], dims: ['height', 'width', 3] },
  { dtypes: ['float32'], dims: ['batch', 'height', 'width', 3] },
];

const OUTPUT_FORMS: readonly TensorForm[] = [
  { dtypes: ['uint8'], dims: ['height', 'width', 3] },
  { dtypes: ['uint8'], dims: ['batch', 'height', 'width', 3] },
];

const GRAPH_LABEL: Record<DctnetGraph, string> = { head: 'DCT-Net head', background: 'DCT-Net background' };

export function dctnetTensorName(base: string, naming: DctnetTensorNaming): string {
  return naming === 'tf2onnx' ? `${base}:0` : base;
}

export function dctnetContract(graph: DctnetGraph, naming: DctnetTensorNaming): ModelIoContract {
  const input: TensorSpec = { name: dctnetTensorName(DCTNET_INPUT_NAME, naming), forms: INPUT_FORMS };
  const output: TensorSpec = { name: dctnetTensorName(DCTNET_OUTPUT_NAME, naming), forms: OUTPUT_FORMS };
  const pb = graph === 'head' ? 'cartoon_h' : 'cartoon_bg';
  return {
    model: GRAPH_LABEL[graph],
    inputs: [input],
    outputs: [output],
    hint:
      `convert the published ${pb}.pb with \`python -m tf2onnx.convert --graphdef ${pb}.pb ` +
      `--inputs input_image:0 --outputs output_image:0 --output ${pb}.onnx --opset 17\``,
  };
}

/**
 * Picks the naming a file uses from its tensor names (inputs and outputs); plain when no ":0" name is
 * there, so a file with foreign names is compared with the plain contract and the check names both.
 */
export function detectDctnetNaming(tensorNames: readonly string[]): DctnetTensorNaming {
  const suffixed = [dctnetTensorName(DCTNET_INPUT_NAME, 'tf2onnx'), dctnetTensorName(DCTNET_OUTPUT_NAME, 'tf2onnx')];
  return tensorNames.some((name) => suffixed.includes(name)) ? 'tf2onnx' : 'plain';
}
