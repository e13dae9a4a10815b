import { z } from 'zod';
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
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    plan: planConfigSchema.default({ perCell: 1, baseSeed: 0 }),
  })
  .strict();

export type GeneavaConfig = z.infer<typeof configSchema>;
export type GeneavaConfigInput = z.input<typeof configSchema>;
