/**
 * IO contracts of the two Toonify encoder-decoders this package accepts.
 *
 * pSp toonify (eladrich/pixel2style2pixel `psp_ffhq_toonify.pt`) has no official ONNX export, so the
 * tensor names are this project's: `input` (RGB NCHW in [-1,1], 256x256, FFHQ-aligned) and `output`
 * (RGB NCHW in [-1,1], 1024x1024). The README gives the torch.onnx.export call that produces them.
 *
 * ReStyle toonify follows the public ONNX export (opset 11): a net with inputs `x_input` [N,6,256,256]
 * (the image concatenated with the average image or the previous pooled output) and `latent_input`
 * [N,18,512], returning the 1024x1024 image and the new latent, plus a face-pool net (1024 -> 256) that
 * turns the image into the next iteration's input. That export's users read the outputs by position and
 * its output names are not documented, so ReStyle outputs (and the face pool's tensors) are bound by
 * position: the names below are labels.
 */
import { tensor, type ModelIoContract, type OnnxDType } from '@geneava/core/onnx';

/** StyleGAN2 at 1024 has 2*log2(1024)-2 = 18 style inputs of width 512. */
export const TOONIFY_STYLES = 18;
export const TOONIFY_STYLE_DIM = 512;
export const TOONIFY_INPUT_SIZE = 256;
export const TOONIFY_OUTPUT_SIZE = 1024;

/** The public ReStyle files are named "-fp16"; their IO is fed float32, but a float16 IO is accepted. */
const RESTYLE_FLOAT: readonly OnnxDType[] = ['float32', 'float16'];

export const PSP_TOONIFY_CONTRACT: ModelIoContract = {
  model: 'pSp Toonify',
  inputs: [tensor('input', 'float32', [1, 3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE])],
  outputs: [tensor('output', 'float32', [1, 3, TOONIFY_OUTPUT_SIZE, TOONIFY_OUTPUT_SIZE])],
  hint: 'export psp_ffhq_toonify.pt with torch.onnx.export as the package README shows (input_names ["input"], output_names ["output"])',
};

/** Shared by the ReStyle toonify net and the FFHQ ReStyle encoder used for the first iteration. */
export function restyleNetContract(model: string): ModelIoContract {
  return {
    model,
    inputs: [
      tensor('x_input', RESTYLE_FLOAT, ['batch', 6, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE]),
      tensor('latent_input', RESTYLE_FLOAT, ['batch', TOONIFY_STYLES, TOONIFY_STYLE_DIM]),
    ],
    outputs: [
      tensor('y_hat', RESTYLE_FLOAT, ['batch', 3, TOONIFY_OUTPUT_SIZE, TOONIFY_OUTPUT_SIZE]),
      tensor('latent', RESTYLE_FLOAT, ['batch', TOONIFY_STYLES, TOONIFY_STYLE_DIM]),
    ],
    hint: 'use the ReStyle toonify ONNX files (restyle-encoder, toonify, face-pool; opset 11)',
  };
}

export const RESTYLE_TOONIFY_CONTRACT: ModelIoContract = restyleNetContract('ReStyle Toonify');
export const RESTYLE_ENCODER_CONTRACT: ModelIoContract = restyleNetContract('ReStyle FFHQ encoder');

export const FACE_POOL_CONTRACT: ModelIoContract = {
  model: 'ReStyle face pool',
  inputs: [tensor('image', RESTYLE_FLOAT, ['batch', 3, TOONIFY_OUTPUT_SIZE, TOONIFY_OUTPUT_SIZE])],
  outputs: [tensor('pooled', RESTYLE_FLOAT, ['batch', 3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE])],
  hint: 'use face-pool.onnx from the ReStyle toonify files (adaptive average pool 1024 -> 256)',
};
