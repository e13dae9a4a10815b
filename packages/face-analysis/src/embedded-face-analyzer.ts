/**
 * The default FaceAnalyzer: every model runs on onnxruntime from the converted embedded files
 * (BlazeFace, FaceMesh, mobileface, emotion, FaceRes), with optional user-supplied SCRFD or RetinaFace
 * (detection), ArcFace (identity) and POSTER (expression) files through the same interface.
 *
 * detect(image): detector candidates -> FaceMesh on each candidate's ROI (box x1.5, square, turned by
 * the detector's eye line), refined by a second pass on the ROI of the first mesh -> 468 points in
 * image coordinates -> the five alignment points (from the mesh for BlazeFace; SCRFD and RetinaFace
 * give their own, as InsightFace uses them) -> faces at least minFaceSize, one per mesh, sorted by
 * area, largest first; `box` is the mesh's extent. No face gives [].
 *
 * analyze(image, { faces }): for every face (given faces are reused; FaceMesh runs only for those
 * without a 468-point mesh, on an ROI placed by their five points), the ArcFace-aligned 112 crop feeds
 * mobileface (and ArcFace); a square face crop placed by the five points, cut at each model's size,
 * feeds FaceRes (224) and the emotion model (64, grayscale); the mesh gives the geometric expression
 * features; POSTER gets the ArcFace-aligned 224 crop. Every crop of one image is cut from one
 * ImagePyramid (see crop-image.ts).
 */
import { join } from 'node:path';
import { ensureFaceModels, faceModel, type FaceModelName } from '@geneava/face-models';
import {
  API_VERSIONS,
  type Box,
  type DetectedFace,
  type FaceAnalyzer,
  type FaceAnalyzerInfo,
  type FivePoints,
  type Point2,
  type RgbImage,
} from '@geneava/core/contracts';
import { assertRgbImage } from '@geneava/core/image';
import { ImagePyramid, type AffineMatrix } from '@geneava/core/geometry';
import { OnnxWorkerPool, type ModelIoContract, type OnnxSession } from '@geneava/core/onnx';
import { ARCFACE_CONTRACT } from './arcface/arcface-contract.js';
import { POSTER_CONTRACT, type PosterDataset } from './poster/poster-contract.js';
import { RETINAFACE_CONTRACT } from './retinaface/retinaface-contract.js';
import { SCRFD_CONTRACT } from './scrfd/scrfd-contract.js';
import { ANALYZER_DEFAULTS, defaultFaceresThreads, type EmbeddedFaceAnalyzerOptions } from './analyzer-options.js';
import type { EmbeddedDetectedFace, EmbeddedFaceAnalysis } from './analysis-types.js';
import { BlazefaceDetector } from './blazeface/blazeface-detector.js';
import { boxToCorners, cornersToBox, type FaceCandidate } from './common/candidate.js';
import { cropImage, type CropSource } from './common/crop-image.js';
import { emotionProbabilities, EMOTION_INPUT_SIZE } from './emotion/emotion-model.js';
import { posterResults, POSTER_CROP_SIZE, type PosterResult } from './poster/poster-model.js';
import { expressionGeometry } from './facemesh/expression-geometry.js';
import type { FaceDetector } from './common/face-detector.js';
import { roiFromBox, roiFromFivePoints, roiToCropMatrix, type TemplateSquare } from './common/face-roi.js';
import { FACERES_INPUT_SIZE, runFaceresOnCrop, type FaceresResult } from './faceres/faceres-model.js';
import type { AgeReading } from './faceres/faceres-outputs.js';
import { runFacemesh, type MeshResult } from './facemesh/facemesh-model.js';
import { FACEMESH_POINTS, fivePointsFromMesh } from './facemesh/five-points.js';
import { arcfaceEmbeddings } from './arcface/arcface-model.js';
import { alignedFace, ARCFACE_CROP_SIZE } from './common/aligned-face.js';
import { mobilefaceEmbeddings } from './mobileface/mobileface-model.js';
import { greedyNms } from './common/nms.js';
import { RetinafaceDetector } from './retinaface/retinaface-detector.js';
import { ScrfdDetector } from './scrfd/scrfd-detector.js';

/** MediaPipe's landmark ROI: the detection box enlarged 1.5x (RectTransformationCalculator). */
export const MESH_ROI_SCALE = 1.5;

/**
 * Where BlazeFace's box lands in the ArcFace 112 template, measured over the 22 faces of the sample
 * photos: centre (60.0 +- 11.4, 69.3 +- 3.8), longer side 83.9 +- 5.8. The x spread comes from turned
 * heads; the centre is put on the template's symmetry axis (x 56, between the eye and mouth midpoints).
 */
const TEMPLATE_BOX = { centre: [56, 69.3] as const, side: 83.9 };

/** The FaceMesh ROI of a face known only by its five points: MediaPipe's ROI (box x1.5) in template coordinates. */
export const MESH_ROI_SQUARE: TemplateSquare = { centre: TEMPLATE_BOX.centre, side: TEMPLATE_BOX.side * MESH_ROI_SCALE };

/**
 * The face crop for FaceRes and the emotion model: Human's crop (the BlazeFace box enlarged 1.4x and
 * made square), on which the reference measured both models, in template coordinates.
 */
export const FACE_CROP_SQUARE: TemplateSquare = { centre: TEMPLATE_BOX.centre, side: TEMPLATE_BOX.side * 1.4 };

/** Two detections whose meshes overlap this much are one face seen twice (e.g. by both letterbox passes). */
const DUPLICATE_MESH_IOU = 0.5;

export const EMBEDDED_ANALYZER_ID = 'embedded';
/** Bumped whenever a change to the analysis changes its numbers. */
export const EMBEDDED_ANALYZER_VERSION = '1.1.0';

interface Sessions {
  readonly facemesh: OnnxSession;
  readonly mobileface: OnnxSession;
  readonly emotion: OnnxSession;
  /** Absent when the analyzer was created with `attributes: false`. */
  readonly faceres?: OnnxSession;
  readonly arcface?: OnnxSession;
  readonly poster?: OnnxSession;
}

interface Settings {
  readonly minFaceSize: number;
  readonly minMeshConfidence: number;
  readonly ageReading: AgeReading;
  readonly posterDataset?: PosterDataset;
}

export class EmbeddedFaceAnalyzer implements FaceAnalyzer {
  readonly apiVersion = API_VERSIONS.faceAnalyzer;
  readonly info: FaceAnalyzerInfo;

  private constructor(
    private readonly detector: FaceDetector,
    private readonly sessions: Sessions,
    private readonly owned: readonly OnnxSession[],
    private readonly settings: Settings,
    private readonly workers: OnnxWorkerPool | undefined,
  ) {
    this.info = {
      id: EMBEDDED_ANALYZER_ID,
      version: EMBEDDED_ANALYZER_VERSION,
      identityModels: ['mobileface', ...(sessions.faceres ? ['faceres'] : []), ...(sessions.arcface ? ['arcface'] : [])],
    };
  }

  /** Loads every session (checked against its contract); on any failure the ones already open are closed. */
  static async create(options: EmbeddedFaceAnalyzerOptions): Promise<EmbeddedFaceAnalyzer> {
    const faceres = faceresThreads(options);
    const modelsDir = options.modelsDir ?? (await ensureFaceModels());
    const owned: OnnxSession[] = [];
    let workers = options.device === 'cuda' ? undefined : startWorkers(options.modelWorkers);
    const open = async (path: string, contract: ModelIoContract, threads = options.intraOpNumThreads ?? 1): Promise<OnnxSession> => {
      const session = await options.onnx.createSession(path, {
        contract,
        intraOpNumThreads: threads,
        ...(threads > 1 ? { allowSpinning: false } : {}),
        ...(options.device ? { device: options.device } : {}),
        ...(workers ? { workers } : {}),
      });
      owned.push(session);
      return session;
    };
    const embedded = (name: FaceModelName, threads?: number): Promise<OnnxSession> => open(join(modelsDir, faceModel(name).onnxFile), faceModel(name).contract, threads);
    try {
      const choice = options.detector ?? 'blazeface';
      let detector: FaceDetector;
      if (choice === 'blazeface') detector = new BlazefaceDetector(await embedded('blazeface'), options.blazeface);
      else if ('scrfd' in choice) detector = new ScrfdDetector(await open(choice.scrfd, SCRFD_CONTRACT));
      else detector = new RetinafaceDetector(await open(choice.retinaface, RETINAFACE_CONTRACT));
      const sessions: Sessions = {
        facemesh: await embedded('facemesh'),
        mobileface: await embedded('mobileface'),
        emotion: await embedded('emotion'),
        ...(options.attributes === false ? {} : { faceres: await embedded('faceres', faceres) }),
        ...(options.arcface ? { arcface: await open(options.arcface, ARCFACE_CONTRACT) } : {}),
        ...(options.poster ? { poster: await open(typeof options.poster === 'string' ? options.poster : options.poster.path, POSTER_CONTRACT) } : {}),
      };
      const posterDataset = typeof options.poster === 'object' ? options.poster.dataset : undefined;
      // Sessions that landed on CUDA do not use the workers.
      if (workers && !owned.some((session) => session.device === 'cpu')) {
        await workers.dispose();
        workers = undefined;
      }
      return new EmbeddedFaceAnalyzer(detector, sessions, owned, {
        minFaceSize: options.minFaceSize ?? ANALYZER_DEFAULTS.minFaceSize,
        minMeshConfidence: options.minMeshConfidence ?? ANALYZER_DEFAULTS.minMeshConfidence,
        ageReading: options.ageReading ?? ANALYZER_DEFAULTS.ageReading,
        ...(posterDataset ? { posterDataset } : {}),
      }, workers);
    } catch (error) {
      await Promise.all(owned.map((session) => session.dispose()));
      await workers?.dispose();
      throw error;
    }
  }

  async detect(image: RgbImage): Promise<EmbeddedDetectedFace[]> {
    assertRgbImage(image, 'EmbeddedFaceAnalyzer.detect');
    return this.detectIn(new ImagePyramid(image));
  }

  async analyze(image: RgbImage, options: { readonly faces?: readonly DetectedFace[] } = {}): Promise<EmbeddedFaceAnalysis[]> {
    assertRgbImage(image, 'EmbeddedFaceAnalyzer.analyze');
    const pyramid = new ImagePyramid(image);
    const faces = options.faces ?? (await this.detectIn(pyramid));
    if (faces.length === 0) return [];
    const meshes = await this.meshesOf(pyramid, faces);

    // Each model's run is started as soon as its crops are cut, FaceRes (the heaviest, one face per
    // run) first and face by face: with model workers the runs proceed while this thread cuts the next
    // crops, and runs of different models and faces share the cores.
    const faceresSession = this.sessions.faceres;
    const faceresRuns = faceresSession
      ? started(Promise.all(faces.map((face) => runFaceresOnCrop(faceresSession, pyramid, faceCropMatrix(face.points5, FACERES_INPUT_SIZE), this.settings.ageReading))))
      : Promise.resolve([] as FaceresResult[]);
    const emotionRuns = started(Promise.all(faces.map((face) => faceCrop(pyramid, face.points5, EMOTION_INPUT_SIZE))).then((crops) => emotionProbabilities(this.sessions.emotion, crops)));
    const mobilefaceRuns = started(Promise.all(faces.map((face) => alignedFace(pyramid, face.points5))).then((crops) => mobilefaceEmbeddings(this.sessions.mobileface, crops)));
    const [faceres, emotions, mobileface] = await Promise.all([faceresRuns, emotionRuns, mobilefaceRuns]);
    const arcface = this.sessions.arcface
      ? await arcfaceEmbeddings(this.sessions.arcface, await Promise.all(faces.map((face) => alignedFace(pyramid, face.points5, ARCFACE_CROP_SIZE, false))))
      : undefined;
    const poster: PosterResult[] | undefined = this.sessions.poster
      ? await posterResults(
          this.sessions.poster,
          await Promise.all(faces.map((face) => alignedFace(pyramid, face.points5, POSTER_CROP_SIZE))),
          this.settings.posterDataset,
        )
      : undefined;

    return faces.map((face, i): EmbeddedFaceAnalysis => {
      const { mesh, confidence } = meshes[i]!;
      const posterResult = poster?.[i];
      return {
        ...face,
        mesh,
        ...(confidence !== undefined ? { meshConfidence: confidence } : {}),
        identity: {
          mobileface: mobileface[i]!,
          ...(faceres[i] ? { faceres: faceres[i]!.descriptor } : {}),
          ...(arcface ? { arcface: arcface[i]! } : {}),
        },
        expression: { probabilities: emotions[i]!, geometry: expressionGeometry(mesh) },
        expressionEmbeddings: posterResult?.embedding ? { poster: posterResult.embedding } : {},
        expressionClassifiers: { emotion: emotions[i]!, ...(posterResult ? { poster: posterResult.probabilities } : {}) },
        ...(faceres[i] ? { age: faceres[i]!.age, gender: faceres[i]!.gender } : {}),
      };
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.owned.map((session) => session.dispose()));
    await this.workers?.dispose();
  }

  /**
   * Detection on an image whose pyramid the caller goes on cutting crops from. The pyramid's levels
   * are made while the detector's model runs: nearly every crop of a photo reads them, and made any
   * earlier they would slow down the detector's own resizes.
   */
  private async detectIn(pyramid: ImagePyramid): Promise<EmbeddedDetectedFace[]> {
    const candidates = await this.detector.detect(pyramid.source, { onInputsReady: () => pyramid.prefetch(usefulLevels(pyramid.source)) });
    const meshes = await runFacemesh(
      this.sessions.facemesh,
      pyramid,
      candidates.map((candidate) => roiFromBox(candidate.box, MESH_ROI_SCALE, candidate.eyes)),
    );
    const faces = candidates
      .map((candidate, i) => this.detectedFace(candidate, meshes[i]!))
      .filter((face) => Math.min(face.box.width, face.box.height) >= this.settings.minFaceSize && face.meshConfidence >= this.settings.minMeshConfidence);
    const unique = greedyNms(
      faces.map((face) => ({ box: boxToCorners(face.box), score: face.score, face })),
      { iouThreshold: DUPLICATE_MESH_IOU },
    ).map((entry) => entry.face);
    return unique.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  }

  private detectedFace(candidate: FaceCandidate, mesh: MeshResult): EmbeddedDetectedFace {
    return {
      box: extentOf(mesh.mesh),
      score: candidate.score,
      points5: candidate.points5 ?? fivePointsFromMesh(mesh.mesh),
      mesh: mesh.mesh,
      detector: this.detector.name,
      detectorBox: cornersToBox(candidate.box),
      meshConfidence: mesh.confidence,
    };
  }

  /**
   * The 468-point mesh of every face: reused when the face has one; otherwise FaceMesh runs on an ROI
   * placed by the face's five points (a mesh of another size, e.g. 68 points, is replaced).
   */
  private async meshesOf(pyramid: ImagePyramid, faces: readonly DetectedFace[]): Promise<{ mesh: readonly Point2[]; confidence?: number }[]> {
    const missing = faces.flatMap((face, i) => (face.mesh?.length === FACEMESH_POINTS ? [] : [i]));
    const computed = await runFacemesh(
      this.sessions.facemesh,
      pyramid,
      missing.map((i) => roiFromFivePoints(faces[i]!.points5, MESH_ROI_SQUARE)),
    );
    return faces.map((face, i) => {
      const k = missing.indexOf(i);
      if (k >= 0) return { mesh: computed[k]!.mesh, confidence: computed[k]!.confidence };
      const known = (face as Partial<EmbeddedDetectedFace>).meshConfidence;
      return { mesh: face.mesh!, ...(known !== undefined ? { confidence: known } : {}) };
    });
  }
}

/**
 * The worker threads that run models beside the calling thread: `count` (default
 * ANALYZER_DEFAULTS.modelWorkers); none for 0, or where onnxruntime-node cannot be located for worker
 * threads (the models then all run on the calling thread, with the same numbers).
 */
function startWorkers(count: number | undefined): OnnxWorkerPool | undefined {
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    throw new Error(`EmbeddedFaceAnalyzer: modelWorkers must be a whole number from 0, got ${String(count)}`);
  }
  const size = count ?? ANALYZER_DEFAULTS.modelWorkers;
  if (size === 0) return undefined;
  try {
    return new OnnxWorkerPool(size);
  } catch {
    return undefined;
  }
}

/** FaceRes's intra-op threads (see EmbeddedFaceAnalyzerOptions.faceresThreads). */
function faceresThreads(options: EmbeddedFaceAnalyzerOptions): number {
  const threads = options.faceresThreads ?? options.intraOpNumThreads ?? defaultFaceresThreads();
  if (!(Number.isInteger(threads) && threads >= 1)) {
    throw new Error(`EmbeddedFaceAnalyzer: faceresThreads must be a whole number from 1, got ${String(threads)}`);
  }
  return threads;
}

/**
 * The square face crop that FaceRes (at 224) and the emotion model (at 64) read, placed by the five
 * points; each model gets its own crop at its own size, so emotion reads the same pixels whether
 * FaceRes runs or not.
 */
function faceCrop(source: CropSource, points5: FivePoints, size: number): Promise<RgbImage> {
  return cropImage(source, faceCropMatrix(points5, size), size, size, { antialias: true });
}

/** The image -> crop map of that face crop at `size` (FaceRes's is cut straight into its input). */
function faceCropMatrix(points5: FivePoints, size: number): AffineMatrix {
  return roiToCropMatrix(roiFromFivePoints(points5, FACE_CROP_SQUARE), size);
}

/** Pyramid levels worth making ahead: down to the one whose shorter side is about the emotion crop's 64 px. */
function usefulLevels(image: RgbImage): number {
  return Math.max(0, Math.floor(Math.log2(Math.min(image.width, image.height) / EMOTION_INPUT_SIZE)));
}

/**
 * A promise that is awaited later, after other awaits: marked handled now, so that if it fails while
 * an earlier step is still running the process sees no unhandled rejection; awaiting it still throws.
 */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Axis-aligned extent of a set of points. */
export function extentOf(points: readonly Point2[]): Box {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const [x, y] of points) {
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
