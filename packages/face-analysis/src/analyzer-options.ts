import { availableParallelism } from 'node:os';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { PosterDataset } from './poster/poster-contract.js';
import type { BlazefaceOptions } from './blazeface/blazeface-detector.js';
import type { AgeReading } from './faceres/faceres-outputs.js';

/** Which detector proposes faces: the embedded BlazeFace, or a user-supplied SCRFD or RetinaFace file. */
export type DetectorChoice = 'blazeface' | { readonly scrfd: string } | { readonly retinaface: string };

/** A POSTER file, with the training set that fixes its class order when known. */
export type PosterChoice = string | { readonly path: string; readonly dataset?: PosterDataset };

export interface EmbeddedFaceAnalyzerOptions {
  readonly onnx: OnnxRuntime;
  /**
   * Folder with the converted embedded models (<name>.onnx). Default: ensureFaceModels() from
   * @geneava/face-models, which converts whatever is missing on first use.
   */
  readonly modelsDir?: string;
  readonly device?: DevicePreference;
  /**
   * Run FaceRes for age, gender and the secondary 1024-d descriptor (default true). Off, analysis is
   * detection, landmarks, mobileface identity and expression only, about twice as fast.
   */
  readonly attributes?: boolean;
  /**
   * Threads per session inside onnxruntime (default 1). The face models are small: one thread per run
   * avoids thread-pool start-up and oversubscription, which on a busy 2-core machine made a pass over
   * the sample photos 2-3x slower than single-threaded runs.
   */
  readonly intraOpNumThreads?: number;
  /**
   * Threads inside onnxruntime for FaceRes, the one embedded model large enough to gain from more than
   * one (a 224 px MobileNet: about 30% less time per run on two threads, while the small models gain
   * nothing). Default: `intraOpNumThreads` when given, otherwise 2 where the process may use two or
   * more CPUs (1 on one). Its threads sleep between runs instead of spinning (core's
   * `allowSpinning: false`), so they take no core from the other work of a pass; same numbers.
   */
  readonly faceresThreads?: number;
  /**
   * Worker threads that run models beside the calling thread (core's OnnxWorkerPool); default 0: every
   * model runs on the calling thread. onnxruntime-node runs a model synchronously on the thread that
   * calls it, so there the models run one after another. With workers, runs started together (FaceRes
   * for each face, the other models, the two detector passes) are shared between the calling thread and
   * the workers; a run that waits for the one before stays on the calling thread. Same numbers either
   * way. Each worker holds its own copy of every model (about 20 MB for the embedded ones). Not the
   * default because it did not pay off where it was measured: on a shared 2-core machine busy with other
   * work, one worker made a pass over the sample photos no faster and cost 9% more CPU time. Where
   * onnxruntime-node cannot be located for worker threads, the models run on the calling thread.
   */
  readonly modelWorkers?: number;
  readonly detector?: DetectorChoice;
  /** ArcFace file (InsightFace export); adds identity key 'arcface'. */
  readonly arcface?: string;
  /** POSTER file; adds an expression embedding and classifier keyed 'poster'. */
  readonly poster?: PosterChoice;
  /** Tuning of the embedded detector. */
  readonly blazeface?: BlazefaceOptions;
  /**
   * Faces whose mesh box is smaller than this many pixels on its shorter side are left out by
   * detect(): below it the 112 px identity crop is an upsampling of a few dozen pixels, and the
   * identity and expression models give unreliable results. Default 32 (HSE's detector minimum).
   */
  readonly minFaceSize?: number;
  /**
   * Faces whose mesh face-flag probability is below this are left out by detect(). Default 0: the
   * reference found the flag drops on stylised faces (4 of 22 cartoons kept with Human's gate), so the
   * detector score alone decides.
   */
  readonly minMeshConfidence?: number;
  /** How age is read from FaceRes's 100 classes; default 'expectation'. */
  readonly ageReading?: AgeReading;
}

/** FaceRes's intra-op threads when neither faceresThreads nor intraOpNumThreads is given: 2 where the process may use two or more CPUs, else 1. */
export function defaultFaceresThreads(): number {
  return Math.min(2, availableParallelism());
}

export const ANALYZER_DEFAULTS = {
  modelWorkers: 0,
  minFaceSize: 32,
  minMeshConfidence: 0,
  ageReading: 'expectation',
} as const;
