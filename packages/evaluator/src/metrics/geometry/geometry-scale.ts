/**
 * How expression geometry features are put on one scale before they are combined.
 *
 * Standardised: a feature difference is divided by that feature's standard deviation across real faces
 * (sample-faces-scale.json: the 22 real faces of the sample photos, made by
 * scripts/geometry-population.mjs), so every feature counts in units of how much real people differ,
 * instead of in inter-ocular distances where the long jaw line (sd 0.23) outweighs eye openness
 * (sd 0.03) eightfold.
 *
 * Weighted: each expression aspect gets weight 1 in total (mouth opening, smile, eye openness split
 * over the two eyes, brow raise split over the two brows); the face-shape features that cartoons
 * exaggerate, mouth width and jaw length, get 0.5 each, so together they are a fifth of the distance
 * and cannot drown the expression features.
 */
import sampleFacesScale from './sample-faces-scale.json' with { type: 'json' };

export interface GeometryFeatureScale {
  /** Standard deviation across real faces; differences are divided by it. */
  readonly sd: number;
  /** Weight in the combined distance. */
  readonly weight: number;
  /** 'expression' for features an expression moves, 'shape' for face shape a stylizer may exaggerate. */
  readonly role: 'expression' | 'shape';
}

export interface GeometryScale {
  /** Where the deviations come from, for reports. */
  readonly basis: string;
  readonly features: Readonly<Record<string, GeometryFeatureScale>>;
}

/** The weights and roles above, by feature. */
export const GEOMETRY_WEIGHTS: Readonly<Record<string, { readonly weight: number; readonly role: 'expression' | 'shape' }>> = Object.freeze({
  mouthOpen: { weight: 1, role: 'expression' },
  smile: { weight: 1, role: 'expression' },
  eyeOpenLeft: { weight: 0.5, role: 'expression' },
  eyeOpenRight: { weight: 0.5, role: 'expression' },
  browRaiseLeft: { weight: 0.5, role: 'expression' },
  browRaiseRight: { weight: 0.5, role: 'expression' },
  mouthWidth: { weight: 0.5, role: 'shape' },
  jawDrop: { weight: 0.5, role: 'shape' },
});

/** A scale from per-feature deviations and GEOMETRY_WEIGHTS; every feature needs both, with sd > 0. */
export function geometryScale(basis: string, deviations: Readonly<Record<string, { readonly sd: number }>>): GeometryScale {
  const features: Record<string, GeometryFeatureScale> = {};
  for (const [name, { sd }] of Object.entries(deviations)) {
    const weighting = GEOMETRY_WEIGHTS[name];
    if (!weighting) throw new Error(`geometry scale (${basis}): no weight for feature "${name}"`);
    if (!(Number.isFinite(sd) && sd > 0)) throw new Error(`geometry scale (${basis}): feature "${name}" has sd ${sd}; expected a positive number`);
    features[name] = { sd, ...weighting };
  }
  return Object.freeze({ basis, features: Object.freeze(features) });
}

/** The shipped scale: deviations of the 22 real sample faces. */
export const DEFAULT_GEOMETRY_SCALE: GeometryScale = geometryScale(
  `${sampleFacesScale.faces} real faces of the sample photos (${sampleFacesScale.analyzer})`,
  sampleFacesScale.features,
);

/**
 * The weighted root-mean-square of standardised differences over the features both sides carry and
 * the scale knows: sqrt(sum w (d / sd)^2 / sum w). 0 for identical geometry; about 1.4 when two real
 * faces are as different as two random people (each standardised difference has variance 2).
 * Undefined when no shared feature has a scale.
 */
export function standardizedGeometryDistance(
  real: Readonly<Record<string, number>>,
  avatar: Readonly<Record<string, number>>,
  scale: GeometryScale = DEFAULT_GEOMETRY_SCALE,
): { readonly value: number; readonly features: readonly string[] } | undefined {
  let sum = 0;
  let weights = 0;
  const used: string[] = [];
  for (const [name, feature] of Object.entries(scale.features)) {
    const r = real[name];
    const a = avatar[name];
    if (r === undefined || a === undefined) continue;
    if (!Number.isFinite(r) || !Number.isFinite(a)) throw new RangeError(`expression geometry feature ${name} is not finite (real ${r}, avatar ${a})`);
    sum += feature.weight * ((a - r) / feature.sd) ** 2;
    weights += feature.weight;
    used.push(name);
  }
  return weights > 0 ? { value: Math.sqrt(sum / weights), features: used } : undefined;
}
