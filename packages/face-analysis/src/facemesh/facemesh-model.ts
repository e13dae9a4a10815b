/**
 * The embedded MediaPipe FaceMesh: a square face crop resized to 192 x 192, values 0..1, gives 468
 * points (x, y, z) in the crop's pixels and a face flag that is already a probability. Crops follow
 * the ROI (face-roi.ts), so a tilted face is cut out upright and its points are rotated back.
 *
 * The mesh runs twice, as MediaPipe's landmark tracking does from one frame to the next: the first
 * ROI comes from the detector (or the five points), the second from the first mesh (its extent in
 * the frame of its eye line, times 1.5). The second pass no longer depends on how a particular
 * detector frames faces, so a real face and its avatar, or a detected and a given face, get meshes
 * from the same kind of crop; on the sample photos it also steadies the jaw line of tilted faces.
 */
import { FACEMESH_LANDMARKS, faceModel } from '@geneava/face-models';
import type { OnnxSession } from '@geneava/core/onnx';
import type { Point2 } from '@geneava/core/contracts';
import { forwardTables } from '@geneava/core/image';
import { cropIntoTensor, type CropSource } from '../common/crop-image.js';
import { cropPointsToImage, eyeLineAngle, roiAroundPoints, roiToCropMatrix, type FaceRoi } from '../common/face-roi.js';
import { fivePointsFromMesh } from './five-points.js';
import { withScratch } from '../common/scratch-tensors.js';
import { floatOutput } from '../common/session-io.js';

export const FACEMESH_INPUT_SIZE = 192;
const MODEL = faceModel('facemesh');
const MESH_OUTPUT = 'output_mesh';
const FLAG_OUTPUT = 'output_faceflag';

export interface MeshResult {
  /** 468 points in image pixel-centre coordinates. */
  readonly mesh: Point2[];
  /** The model's face probability for the crop. */
  readonly confidence: number;
}

/** The model's input values of each pixel level: p / 255, as imagesToTensor's range [0, 1] gives them. */
const INPUT_TABLES = forwardTables([0, 1]);

/** ROI of the second pass: MediaPipe's landmarks-to-ROI scale. */
export const MESH_REFINE_SCALE = 1.5;

/** The mesh of every ROI, refined by a second pass on the ROI of the first mesh. */
export async function runFacemesh(session: OnnxSession, image: CropSource, rois: readonly FaceRoi[]): Promise<MeshResult[]> {
  const first = await runFacemeshOnce(session, image, rois);
  return runFacemeshOnce(session, image, first.map((result) => roiOfMesh(result.mesh)));
}

/** The ROI around a mesh: its extent along and across the eye line, times MESH_REFINE_SCALE. */
export function roiOfMesh(mesh: readonly Point2[]): FaceRoi {
  const [imageLeftEye, imageRightEye] = fivePointsFromMesh(mesh);
  return roiAroundPoints(mesh, eyeLineAngle(imageLeftEye, imageRightEye), MESH_REFINE_SCALE);
}

/** One pass of the mesh over every ROI, in one batch. */
export async function runFacemeshOnce(session: OnnxSession, image: CropSource, rois: readonly FaceRoi[]): Promise<MeshResult[]> {
  if (rois.length === 0) return [];
  const matrices = rois.map((roi) => roiToCropMatrix(roi, FACEMESH_INPUT_SIZE));
  const size = FACEMESH_INPUT_SIZE;
  // Each crop is cut straight into its place in the batch (no crop image, no second pass over it).
  const outputs = await withScratch(rois.length * size * size * 3, async (data) => {
    const crops = await Promise.allSettled(matrices.map((m, n) => cropIntoTensor(image, m, size, size, { data, offset: n * size * size * 3, tables: INPUT_TABLES }, { antialias: true })));
    // Every crop has settled before the buffer can go back, so none writes into it afterwards.
    const failed = crops.find((crop): crop is PromiseRejectedResult => crop.status === 'rejected');
    if (failed) throw failed.reason;
    return session.run({ [MODEL.input.name]: { dtype: 'float32', dims: [rois.length, size, size, 3], data } }, [MESH_OUTPUT, FLAG_OUTPUT]);
  });
  const meshes = floatOutput(outputs, MESH_OUTPUT, session);
  const flags = floatOutput(outputs, FLAG_OUTPUT, session);
  const stride = FACEMESH_LANDMARKS * 3;
  return matrices.map((matrix, n) => {
    const points: Point2[] = [];
    for (let k = 0; k < FACEMESH_LANDMARKS; k++) points.push([meshes[n * stride + 3 * k]!, meshes[n * stride + 3 * k + 1]!]);
    return { mesh: cropPointsToImage(matrix, points), confidence: flags[n]! };
  });
}
