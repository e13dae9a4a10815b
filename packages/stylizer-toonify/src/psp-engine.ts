import type { RgbImage } from '@geneava/core/contracts';
import { imageToTensor, tensorToImage } from '@geneava/core/image';
import type { DevicePreference, OnnxRuntime, OnnxSession } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import { PSP_TOONIFY_CONTRACT, TOONIFY_INPUT_SIZE, TOONIFY_OUTPUT_SIZE } from './models/contracts.js';
import { TOONIFY_TENSOR_FORMAT, type ToonifyEngine } from './toonify-engine.js';

const INPUT = PSP_TOONIFY_CONTRACT.inputs[0]!.name;
const OUTPUT = PSP_TOONIFY_CONTRACT.outputs[0]!.name;

/** pSp Toonify: one pass, `input` [1,3,256,256] → `output` [1,3,1024,1024], both in [-1, 1]. */
export class PspEngine implements ToonifyEngine {
  readonly variant = 'psp' as const;
  readonly files: readonly string[];

  constructor(private readonly session: OnnxSession) {
    this.files = [session.label];
  }

  async toonify(aligned: RgbImage): Promise<RgbImage> {
    if (aligned.width !== TOONIFY_INPUT_SIZE || aligned.height !== TOONIFY_INPUT_SIZE) {
      throw new Error(`pSp Toonify takes a ${TOONIFY_INPUT_SIZE}x${TOONIFY_INPUT_SIZE} face, got ${aligned.width}x${aligned.height}`);
    }
    const tensor = imageToTensor(aligned, TOONIFY_TENSOR_FORMAT);
    const outputs = await this.session.run({ [INPUT]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [OUTPUT]);
    return outputImage(outputs[OUTPUT], this.session.label, 'output');
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}

/** Opens a pSp net; a file that does not fit the contract is a ModelContractError and leaves no session. */
export async function openPspEngine(onnx: Pick<OnnxRuntime, 'createSession'>, file: string, device?: DevicePreference): Promise<PspEngine> {
  return new PspEngine(await onnx.createSession(file, { device: device ?? 'auto', label: file, contract: PSP_TOONIFY_CONTRACT }));
}

/** A [1, 3, 1024, 1024] float output as an RGB image; anything else names the net and what it returned. */
export function outputImage(output: { dtype: string; dims: readonly number[]; data: unknown } | undefined, label: string, tensor: string): RgbImage {
  const expected = [1, 3, TOONIFY_OUTPUT_SIZE, TOONIFY_OUTPUT_SIZE];
  if (!output || output.dtype !== 'float32' || output.dims.join(',') !== expected.join(',')) {
    const found = output ? `${output.dtype} [${output.dims.join(', ')}]` : 'nothing';
    throw new GeneavaError(`${label}: '${tensor}' returned ${found}, expected float32 [${expected.join(', ')}]`, 'toonify-output');
  }
  return tensorToImage(output.data as Float32Array, output.dims, TOONIFY_TENSOR_FORMAT);
}
