/**
 * Where the Toonify files live. The toonify net's own signature says which variant it is:
 *
 *   pSp:     <dir>/toonify.onnx            (inputs: input; outputs: output)
 *   ReStyle: <dir>/toonify.onnx            (inputs: x_input, latent_input; outputs: image, latent)
 *            <dir>/restyle-encoder.onnx    FFHQ ReStyle encoder, runs the first iteration
 *            <dir>/face-pool.onnx          1024 -> 256 pool between iterations
 *            <dir>/average/latent_avg.npy  the first iteration's latent_input, [18,512] or [1,18,512]
 *            <dir>/average/avg_image.npy   the first iteration's second image, [3,256,256] or [1,3,256,256]
 *
 * Every ONNX file may carry the "-fp16" suffix of the public ReStyle files instead (toonify-fp16.onnx).
 */
export const TOONIFY_NET_FILES: readonly string[] = ['toonify.onnx', 'toonify-fp16.onnx'];
export const RESTYLE_ENCODER_FILES: readonly string[] = ['restyle-encoder.onnx', 'restyle-encoder-fp16.onnx'];
export const FACE_POOL_FILES: readonly string[] = ['face-pool.onnx', 'face-pool-fp16.onnx'];
export const LATENT_AVG_FILE = 'average/latent_avg.npy';
export const AVG_IMAGE_FILE = 'average/avg_image.npy';
