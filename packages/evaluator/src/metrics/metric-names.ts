/**
 * The stable names of the pair metrics. Reports, CSV columns and curation thresholds refer to these
 * strings, so they only ever gain members; renaming one is a breaking change.
 */
export const PAIR_METRICS = {
  /** Cosine similarity of the real face's and the avatar's identity embeddings (one record per model). */
  identityCosine: 'identity.cosine',
  /**
   * 1 when identity.cosine reaches the model's threshold, else 0 (only for models with a threshold). A
   * missed face (see detectionRedetected) is 0: over all faces this is the "preserved" share.
   */
  identityVerified: 'identity.verified',
  /** 1 when the emotion classifier's top class is the same for both faces, else 0 (0 for a missed face). */
  expressionTop1Agree: 'expression.top1_agree',
  /** Cosine similarity of the two emotion probability vectors. */
  expressionProbCosine: 'expression.prob_cosine',
  /** Euclidean distance between the two faces' geometric expression features. */
  expressionGeometryDistance: 'expression.geometry_distance',
  /** Euclidean distance between expression embeddings (one record per model, e.g. POSTER). */
  expressionEmbeddingDistance: 'expression.embedding_distance',
  /** Prefix of the per-feature absolute differences, e.g. "expression.geometry.mouthOpen". */
  expressionGeometryFeaturePrefix: 'expression.geometry.',
  /** Mean distance between corresponding mesh points over the real face's inter-ocular distance. */
  landmarksNme: 'landmarks.nme',
  /**
   * 1 when a face is detected on the avatar where the stylizer's transform puts the real face (box IoU
   * at least MIN_MATCH_IOU), else 0: a miss, counted in every rate, never dropped.
   */
  detectionRedetected: 'detection.redetected',
  /** |avatar age − real age| in years, as the analyzer estimates them. */
  ageAbsDiff: 'age.abs_diff',
  /** 1 when the analyzer gives both faces the same gender label, else 0 (0 for a missed face). */
  genderAgree: 'gender.agree',
} as const;

/** Every fixed pair metric name; per-feature geometry metrics add "expression.geometry.<feature>". */
export const PAIR_METRIC_NAMES: readonly string[] = Object.values(PAIR_METRICS).filter(
  (name) => name !== PAIR_METRICS.expressionGeometryFeaturePrefix,
);

/**
 * How the avatar's face was located. Always 'redetected' now (found again on the avatar); 'reused' (the
 * real face's landmarks put on the avatar) is what records written before one protocol may carry.
 */
export type LandmarkSource = 'reused' | 'redetected';
