import { basename, resolve } from 'node:path';
import { z } from '@geneava/core';

/** What an info.id may hold: it names output folders and is typed on the command line. */
const STYLE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** DCT-Net's own limit: images whose short side exceeds this are shrunk before stylization. */
export const DCTNET_MAX_SHORT_SIDE = 720;

/**
 * The plugin's options in the config file. `models` is one style folder (cartoon_h.onnx, cartoon_bg.onnx,
 * optional alpha.jpg), relative to the config file's folder; unknown keys are errors.
 */
export const dctnetStylizerOptionsSchema = z
  .object({
    /** The style folder, e.g. "models/dctnet/3d". */
    models: z.string().min(1),
    /** Style name used in the stylizer id (`dctnet-<style>`); defaults to the folder name. */
    style: z.string().regex(STYLE_NAME, 'must be lower-case letters, digits, ".", "_" or "-"').optional(),
    /** Short-side limit before stylization (DCT-Net uses 720); the output is resized back to the input size. */
    maxShortSide: z.number().int().min(16).max(8192).default(DCTNET_MAX_SHORT_SIDE),
  })
  .strict();

export type DctnetStylizerPluginOptions = z.output<typeof dctnetStylizerOptionsSchema>;

/**
 * The style name for a folder: its name in lower case, with anything an id may not hold turned into "-"
 * ("Anime Style" -> "anime-style"); "custom" when nothing usable is left.
 */
export function styleFromFolder(dir: string): string {
  const cleaned = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return STYLE_NAME.test(cleaned) ? cleaned : 'custom';
}

/** Throws one line naming the option when `style` cannot be part of an id. */
export function checkStyleName(style: string): string {
  if (!STYLE_NAME.test(style)) {
    throw new Error(`stylizer-dctnet: style "${style}" must be lower-case letters, digits, ".", "_" or "-" (it names output folders)`);
  }
  return style;
}
