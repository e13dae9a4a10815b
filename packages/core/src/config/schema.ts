import { z } from 'zod';
import { DEFAULT_DECODE_PIXELS, DEFAULT_MAX_PIXELS } from '../image/decode-limits.js';
import { DEVICE_PREFERENCES } from '../onnx/device.js';

/** A plugin to enable: a package name (or a path starting with "." or "/"), with optional options. */
export const pluginEntrySchema = z.union([
  z.string().min(1),
  z
    .object({
      package: z.string().min(1),
      /** Instance name when the same plugin is enabled twice with different options (e.g. two DCT-Net styles). */
      name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type PluginEntry = z.infer<typeof pluginEntrySchema>;

const names = z.array(z.string().min(1));

export const planConfigSchema = z
  .object({
    expressions: names.optional(),
    families: names.optional(),
    genders: names.optional(),
    races: names.optional(),
    ageGroups: names.optional(),
    perCell: z.number().int().min(1).default(1),
    baseSeed: z.number().int().default(0),
    promptTemplate: z.string().min(1).optional(),
    negativePrompt: z.string().optional(),
    maxItems: z.number().int().min(1).optional(),
  })
  .strict();

const cosine = z.number().min(-1).max(1);
/** Identity-model name -> cosine similarity, e.g. { "mobileface": 0.51 }. */
const cosineByModel = z.record(z.string().min(1), cosine);

/** Where `geneava run` takes its real faces from when it does not generate them. */
export const runSourceConfigSchema = z
  .object({
    /** Folder of face photos (searched recursively); relative to the config file's folder. */
    dir: z.string().min(1).optional(),
    /** CSV or JSON Lines with id, file, expression, gender, race, ageGroup; default: expression from <expression>/<file> folders. */
    labels: z.string().min(1).optional(),
    /** One item per detected face, each cropped around its face (group photos); off: one item per photo. */
    splitFaces: z.boolean().default(false),
    /** Side of a face crop as a multiple of the face box's longer side (with splitFaces). */
    cropScale: z.number().min(1.2).max(6).default(2.2),
  })
  .strict();

/** Generation settings of `geneava run` without --source (the generator comes from the enabled plugins). */
export const runGenerateConfigSchema = z
  .object({
    /** Name of the enabled generator plugin; default: the only one enabled. */
    generator: z.string().min(1).optional(),
    width: z.number().int().min(8).multipleOf(8).default(1024),
    height: z.number().int().min(8).multipleOf(8).default(1024),
    steps: z.number().int().min(1).default(30),
    guidance: z.number().min(0).default(5),
    scheduler: z.string().min(1).default('default'),
    /** Requests handed to the generator at once (it may batch them). */
    batch: z.number().int().min(1).default(1),
  })
  .strict();

/** The paper's filters on real faces: exactly one face, fully inside the frame with a margin, not too close. */
export const runFilterConfigSchema = z
  .object({
    /** Smallest gap between the face box and each edge, as a fraction of the frame's width (left, right) or height (top, bottom). */
    margin: z.number().min(0).max(0.45).default(0.02),
    /** Largest face box side as a fraction of the frame's matching side; larger faces are too close to the camera. */
    maxFaceFraction: z.number().gt(0).max(1).default(0.6),
  })
  .strict();

/**
 * Curation thresholds. An avatar is kept when every configured threshold holds; a dropped item keeps
 * every reason. Defaults are provisional: mobileface 0.51 is the embedded identity model's
 * same-person cut, and a probability cosine under 0.5 means the two faces' emotion readings mostly disagree.
 */
export const runCurationConfigSchema = z
  .object({
    identity: z
      .object({
        /** Smallest identity.cosine between a real face and its avatar, per identity model. */
        minCosine: cosineByModel.default({ mobileface: 0.51 }),
      })
      .strict()
      .prefault({}),
    expression: z
      .object({
        /** Smallest expression.top1_agree (0 or 1 per pair; any value above 0 requires the same top class). */
        minTop1Agree: z.number().min(0).max(1).optional(),
        /** Smallest expression.prob_cosine between the two faces' emotion probabilities (null: no limit). */
        minProbCosine: cosine.nullable().default(0.5),
      })
      .strict()
      .prefault({}),
    /** Drop an avatar on which the face is not found again. */
    requireRedetection: z.boolean().default(true),
    memorization: z
      .object({
        /** Identity model the real faces are compared with the references by. */
        model: z.string().min(1).default('mobileface'),
        /** Largest cosine similarity to any reference face; default: the model's same-person threshold. */
        maxSimilarity: cosine.optional(),
        /** Reference sets (e.g. fine-tuning data, CelebA): folders of face images or .jsonl files of {id, embedding}. */
        references: z.array(z.string().min(1)).default([]),
        /** Exclusion lists (one item id per line, e.g. exclusion.txt of `geneava audit memorization`): those items are dropped. */
        exclusions: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /** Keep an item when the avatars of all stylizers pass, or when any one does. */
    keepWhen: z.enum(['all', 'any']).default('all'),
  })
  .strict();

/** `geneava run`: build an expressive-avatar dataset. */
export const runConfigSchema = z
  .object({
    /** Dataset folder; like every path in the config file, relative to the file's folder. */
    out: z.string().min(1).default('geneava-dataset'),
    /** Enabled stylizer plugins to run on every kept face, by name. */
    stylizers: z.array(z.string().min(1)).min(1).default(['classic']),
    source: runSourceConfigSchema.prefault({}),
    generate: runGenerateConfigSchema.prefault({}),
    filter: runFilterConfigSchema.prefault({}),
    curation: runCurationConfigSchema.prefault({}),
    report: z
      .object({
        /** Bootstrap resamples behind each confidence interval in the report. */
        resamples: z.number().int().min(100).default(2000),
        /** Items shown as thumbnails in the report's image grid. */
        gridItems: z.number().int().min(0).default(48),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type RunConfig = z.infer<typeof runConfigSchema>;

/** The embedded default: the weights-free stylizer, so a fresh machine runs with nothing downloaded. */
export const DEFAULT_PLUGINS: readonly PluginEntry[] = ['@geneava/stylizer-classic'];

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    /** Plugins to enable, in order. Installed plugins not listed here are shown by `plugins list` but not loaded. */
    plugins: z.array(pluginEntrySchema).default([...DEFAULT_PLUGINS]),
    /** Also enable every installed package that declares a "geneava" field. */
    discover: z.boolean().default(false),
    device: z.enum(DEVICE_PREFERENCES as [string, ...string[]]).default('auto'),
    /** Which GPU CUDA runs on (the CUDA execution provider's device id), for machines with several. */
    gpu: z.number().int().min(0).default(0),
    /** Image decoding, for every command: larger images are reduced while decoding, and far larger ones refused. */
    image: z
      .object({
        /** Images with more pixels (width × height) are refused with an error naming the file. */
        maxPixels: z.number().int().min(1).default(DEFAULT_MAX_PIXELS),
        /** Images with more pixels are reduced while decoding to at most this many, keeping their shape. */
        decodePixels: z.number().int().min(1).default(DEFAULT_DECODE_PIXELS),
      })
      .strict()
      .prefault({}),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    plan: planConfigSchema.default({ perCell: 1, baseSeed: 0 }),
    run: runConfigSchema.prefault({}),
  })
  .strict();

export type GeneavaConfig = z.infer<typeof configSchema>;
export type GeneavaConfigInput = z.input<typeof configSchema>;
