/**
 * One DCT-Net graph (head or background) opened as an ONNX session. The session's own metadata says which
 * converted signature it has: tensor names plain or with tf2onnx's ":0", and with or without a leading
 * batch dim. Both are accepted; anything else is a ModelContractError before any pixel is fed.
 */
import type { RgbImage } from '@geneava/core/contracts';
import { imageToTensor, tensorToImage, type TensorFormat } from '@geneava/core/image';
import { checkContract, ModelContractError, type DevicePreference, type OnnxRuntime, type OnnxSession } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import {
  DCTNET_INPUT_NAME,
  DCTNET_OUTPUT_NAME,
  dctnetContract,
  dctnetTensorName,
  detectDctnetNaming,
  type DctnetGraph,
  type DctnetTensorNaming,
} from './models/contracts.js';

export interface DctnetGraphLayout {
  readonly naming: DctnetTensorNaming;
  /** True when the graph takes and returns [1, H, W, 3] instead of [H, W, 3]. */
  readonly batchDim: boolean;
}

/** The graph's view of pixels: raw BGR values 0..255, HWC (NHWC with the batch dim). */
function graphFormat(batchDim: boolean): TensorFormat {
  return { layout: batchDim ? 'NHWC' : 'HWC', channelOrder: 'BGR', range: [0, 255] };
}

export class DctnetGraphSession {
  readonly inputName: string;
  readonly outputName: string;

  constructor(
    readonly graph: DctnetGraph,
    private readonly session: OnnxSession,
    readonly layout: DctnetGraphLayout,
  ) {
    this.inputName = dctnetTensorName(DCTNET_INPUT_NAME, layout.naming);
    this.outputName = dctnetTensorName(DCTNET_OUTPUT_NAME, layout.naming);
  }

  get label(): string {
    return this.session.label;
  }

  /**
   * Runs the graph on an RGB image (sides divisible by 4, as the generator's two stride-2 convolutions
   * need) and returns its result as RGB: the image is flipped to BGR on the way in and back on the way out.
   */
  async run(image: RgbImage): Promise<RgbImage> {
    const format = graphFormat(this.layout.batchDim);
    const tensor = imageToTensor(image, format);
    const outputs = await this.session.run({ [this.inputName]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [this.outputName]);
    const output = outputs[this.outputName];
    const expected = `[${tensor.dims.join(', ')}]`;
    if (!output || output.dtype !== 'uint8' || `[${output.dims.join(', ')}]` !== expected) {
      const found = output ? `${output.dtype} [${output.dims.join(', ')}]` : 'nothing';
      throw new GeneavaError(`${this.label}: the DCT-Net ${this.graph} graph returned ${found} for a ${expected} input; expected uint8 ${expected}`, 'dctnet-output');
    }
    return tensorToImage(output.data as Uint8Array, output.dims, format);
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}

/**
 * Opens `path` as the DCT-Net `graph` and checks its signature against the contract for the naming the
 * session reports. The session is disposed again when it does not fit.
 */
export async function openDctnetGraph(
  onnx: Pick<OnnxRuntime, 'createSession'>,
  path: string,
  graph: DctnetGraph,
  device: DevicePreference = 'auto',
): Promise<DctnetGraphSession> {
  const session = await onnx.createSession(path, { device, label: path });
  try {
    return new DctnetGraphSession(graph, session, graphLayout(session, graph));
  } catch (error) {
    await session.dispose();
    throw error;
  }
}

/** Naming and batch layout from the session's metadata; throws ModelContractError when the contract fails. */
export function graphLayout(session: Pick<OnnxSession, 'label' | 'inputs' | 'outputs'>, graph: DctnetGraph): DctnetGraphLayout {
  const naming = detectDctnetNaming([...session.inputs, ...session.outputs].map((info) => info.name));
  const contract = dctnetContract(graph, naming);
  const mismatches = checkContract(contract, session);
  if (mismatches.length > 0) throw new ModelContractError(session.label, contract.model, mismatches, contract.hint);
  const inputName = dctnetTensorName(DCTNET_INPUT_NAME, naming);
  const outputName = dctnetTensorName(DCTNET_OUTPUT_NAME, naming);
  const inputRank = session.inputs.find((info) => info.name === inputName)?.dims?.length;
  const outputRank = session.outputs.find((info) => info.name === outputName)?.dims?.length;
  if (inputRank !== undefined && outputRank !== undefined && inputRank !== outputRank) {
    const describe = (rank: number) => (rank === 4 ? 'has a batch dim' : 'has no batch dim');
    throw new GeneavaError(
      `${session.label}: input '${inputName}' ${describe(inputRank)} but output '${outputName}' ${describe(outputRank)}; both must be HWC or both NHWC`,
      'model-contract',
    );
  }
  // A graph that declares no rank is fed as the TF placeholder is: HWC.
  return { naming, batchDim: (inputRank ?? outputRank) === 4 };
}
