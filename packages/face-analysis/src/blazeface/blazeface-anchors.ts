/**
 * SSD anchors of MediaPipe's back-camera BlazeFace (face_detection_back_256x256): input 256 x 256,
 * anchor layers at strides 16, 32, 32, 32 with 2 anchors each, where MediaPipe merges consecutive
 * layers of one stride. That gives a 16 x 16 grid with 2 anchors per cell (512 anchors) and an 8 x 8
 * grid with 6 anchors per cell (384 anchors): 896 in all, in this order, which is also the order of
 * the model's outputs (the 512-anchor pair first). Every anchor of a cell has the same centre,
 * ((x + 0.5) / grid, (y + 0.5) / grid) in units of the input side, row by row; `fixed_anchor_size`
 * makes each anchor 1 x 1, so the regressed sizes are used as they are.
 */
export const BLAZEFACE_INPUT_SIZE = 256;

export const BLAZEFACE_ANCHOR_LAYERS = [
  { stride: 16, anchorsPerCell: 2 },
  { stride: 32, anchorsPerCell: 6 },
] as const;

/** Anchor centres as [cx0, cy0, cx1, cy1, ...], normalised to the input side (0..1). */
export function blazefaceAnchors(inputSize = BLAZEFACE_INPUT_SIZE): Float32Array {
  const centres: number[] = [];
  for (const { stride, anchorsPerCell } of BLAZEFACE_ANCHOR_LAYERS) {
    const grid = Math.ceil(inputSize / stride);
    for (let y = 0; y < grid; y++) {
      for (let x = 0; x < grid; x++) {
        for (let n = 0; n < anchorsPerCell; n++) centres.push((x + 0.5) / grid, (y + 0.5) / grid);
      }
    }
  }
  return Float32Array.from(centres);
}
