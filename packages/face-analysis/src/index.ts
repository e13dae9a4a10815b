// The analyzer: EmbeddedFaceAnalyzer implements core's FaceAnalyzer on the embedded default models.
export { EmbeddedFaceAnalyzer, EMBEDDED_ANALYZER_ID, EMBEDDED_ANALYZER_VERSION, FACE_CROP_SQUARE, MESH_ROI_SCALE, MESH_ROI_SQUARE, extentOf } from './embedded-face-analyzer.js';
export { ANALYZER_DEFAULTS, defaultFaceresThreads, type DetectorChoice, type EmbeddedFaceAnalyzerOptions, type PosterChoice } from './analyzer-options.js';
export type { EmbeddedDetectedFace, EmbeddedFaceAnalysis } from './analysis-types.js';

// One folder per model.
export { BLAZEFACE_ANCHOR_LAYERS, BLAZEFACE_INPUT_SIZE, blazefaceAnchors } from './blazeface/blazeface-anchors.js';
export { BLAZEFACE_EYES, BLAZEFACE_KEYPOINTS, decodeBlazeface, joinBlazefaceOutputs, type BlazefaceRaw } from './blazeface/blazeface-decode.js';
export { BLAZEFACE_DEFAULTS, BlazefaceDetector, type BlazefaceOptions } from './blazeface/blazeface-detector.js';
export { SCRFD_CONTRACT, SCRFD_DETECTION_SIZE, SCRFD_INPUT } from './scrfd/scrfd-contract.js';
export { decodeScrfd, SCRFD_NMS_THRESHOLD, SCRFD_SCORE_THRESHOLD, type ScrfdDecodeOptions } from './scrfd/scrfd-decode.js';
export { ScrfdDetector, type ScrfdOptions } from './scrfd/scrfd-detector.js';
export { inspectScrfdOutputs, SCRFD_LAYOUTS, type ScrfdLayout } from './scrfd/scrfd-outputs.js';
export { RETINAFACE_CONTRACT, RETINAFACE_INPUT } from './retinaface/retinaface-contract.js';
export { decodeRetinaface, RETINAFACE_NMS_THRESHOLD, RETINAFACE_SCORE_THRESHOLD, retinafacePriors, type RetinafaceRaw } from './retinaface/retinaface-decode.js';
export { RetinafaceDetector, type RetinafaceOptions } from './retinaface/retinaface-detector.js';
export { inspectRetinafaceOutputs, RETINAFACE_SIZES_PER_CELL, RETINAFACE_STEPS, retinafacePriorCount } from './retinaface/retinaface-outputs.js';
export { expressionGeometry, GEOMETRY_FEATURES, type GeometryFeature } from './facemesh/expression-geometry.js';
export { FACEMESH_INPUT_SIZE, MESH_REFINE_SCALE, roiOfMesh, runFacemesh, runFacemeshOnce, type MeshResult } from './facemesh/facemesh-model.js';
export { FACEMESH_POINTS, fivePointsFromMesh } from './facemesh/five-points.js';
export { MESH } from './facemesh/mesh-landmarks.js';
export { mobilefaceEmbeddings } from './mobileface/mobileface-model.js';
export { ARCFACE_CONTRACT, ARCFACE_EMBEDDING_SIZE, ARCFACE_INPUT } from './arcface/arcface-contract.js';
export { arcfaceEmbeddings } from './arcface/arcface-model.js';
export { inspectArcfaceOutputs } from './arcface/arcface-outputs.js';
export { EMOTION_INPUT_SIZE, emotionProbabilities } from './emotion/emotion-model.js';
export { POSTER_CLASS_COUNTS, POSTER_CONTRACT, POSTER_FEATURE_SIZES, POSTER_INPUT, POSTER_LABEL_ORDERS, type PosterDataset } from './poster/poster-contract.js';
export { POSTER_CLASS_NAMES, POSTER_CROP_SIZE, posterResults, type PosterResult } from './poster/poster-model.js';
export { inspectPosterOutputs } from './poster/poster-outputs.js';
export { FACERES_INPUT_SIZE, runFaceres, runFaceresOnCrop, type FaceresResult } from './faceres/faceres-model.js';
export { ageFromSoftmax, FACERES_MIN_AGE, genderFromSigmoid, type AgeReading } from './faceres/faceres-outputs.js';

// Helpers the models share.
export { alignedFace, ARCFACE_CROP_SIZE } from './common/aligned-face.js';
export { boxToCorners, cornersToBox, iou, type Corners, type FaceCandidate } from './common/candidate.js';
export { checkModelFile, type SingleFileModelSpec } from './common/check-model-file.js';
export { cropImage, type CropOptions } from './common/crop-image.js';
export { fixedDim } from './common/dims.js';
export type { DetectOptions, FaceDetector } from './common/face-detector.js';
export { cropPointsToImage, eyeLineAngle, roiAroundPoints, roiFromBox, roiFromFivePoints, roiToCropMatrix, type FaceRoi, type TemplateSquare } from './common/face-roi.js';
export type { FileFindings } from './common/file-findings.js';
export type { InputConvention } from './common/input-convention.js';
export { centredLetterbox, letterboxScale, letterboxToImage, renderLetterbox, topLeftLetterbox, type Letterbox } from './common/letterbox.js';
export { conventionTensor, emotionTensor, GRAY_WEIGHTS } from './common/model-tensors.js';
export { greedyNms, weightedNms, type GreedyNmsOptions } from './common/nms.js';
export type { Probabilities } from './common/probabilities.js';
export { argmax, cosineSimilarity, l2Normalize, sigmoid, softmax } from './common/vector-math.js';

// `geneava models check` for the optional models.
export { arcfaceModelKind, FACE_ANALYSIS_MODEL_KINDS, posterModelKind, retinafaceModelKind, scrfdModelKind } from './model-kinds/model-kinds.js';
