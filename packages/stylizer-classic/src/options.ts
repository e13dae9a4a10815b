import { z } from '@geneava/core';

/**
 * Options of the classic cartoon filter, as written under the plugin's `options` in the config file.
 * Every field has a default, so `{}` is a complete configuration; unknown keys are errors.
 */
export const classicStylizerOptionsSchema = z
  .object({
    /** Bilateral passes (each one horizontal + one vertical sweep). More passes flatten more texture. */
    smoothingPasses: z.number().int().min(0).max(8).default(2),
    /** Range sigma: mean absolute per-channel difference (0-255) at which a neighbour's weight falls to e^-1/2. */
    sigmaColor: z.number().positive().max(255).default(24),
    /** Spatial sigma of the bilateral kernel, in pixels. */
    sigmaSpace: z.number().positive().max(16).default(2),
    /** Bilateral kernel radius in pixels (taps per sweep = 2 * radius + 1). */
    radius: z.number().int().min(1).max(8).default(3),
    /** Number of output levels per quantised channel (2-256; 256 turns quantisation off). */
    levels: z.number().int().min(2).max(256).default(8),
    /** Width (0-255 units) of the tanh ramp between neighbouring levels; 0 gives hard steps. */
    bandSoftness: z.number().min(0).max(64).default(3),
    /** "luminance" quantises brightness and keeps hue; "rgb" posterises each channel on its own. */
    quantize: z.enum(['luminance', 'rgb']).default('luminance'),
    /** Sobel gradient (as a step height in 0-255 units) where lines start; they reach full strength at twice this. */
    edgeThreshold: z.number().positive().max(255).default(28),
    /** Line opacity: 0 draws no lines, 1 draws black lines. */
    edgeStrength: z.number().min(0).max(1).default(0.85),
    /** Thicken lines by one pixel on every side (3x3 dilation). */
    edgeDilate: z.boolean().default(false),
    /** When the caller passes faces, keep more detail inside an ellipse around each face box. */
    faceDetail: z.boolean().default(true),
    /** Bilateral passes applied inside face ellipses (at most smoothingPasses). */
    faceSmoothingPasses: z.number().int().min(0).max(8).default(1),
    /** Quantisation levels inside face ellipses; defaults to twice `levels` (at most 256). */
    faceLevels: z.number().int().min(2).max(256).optional(),
  })
  .strict();

/** Options after validation: every field present except the optional `faceLevels`. */
export type ClassicStylizerOptions = z.output<typeof classicStylizerOptionsSchema>;
/** Options as a user writes them: every field optional. */
export type ClassicStylizerOptionsInput = z.input<typeof classicStylizerOptionsSchema>;

/**
 * Validates options and fills in defaults. Throws one line naming every problem, e.g.
 * `stylizer-classic options: Unrecognized key: "sigma"`.
 */
export function parseClassicStylizerOptions(options: unknown): ClassicStylizerOptions {
  const result = classicStylizerOptionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
  );
  throw new Error(`stylizer-classic options: ${problems.join('; ')}`);
}
