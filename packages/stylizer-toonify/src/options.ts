import { z } from '@geneava/core';
import { RESTYLE_DEFAULT_ITERATIONS, RESTYLE_MIN_ITERATIONS } from './restyle-engine.js';

/** The nets' output side; the avatar's default size. */
export const TOONIFY_DEFAULT_OUTPUT_SIZE = 1024;

/**
 * The plugin's options in the config file; unknown keys are errors. `models` is the toonify net file or
 * the folder holding it (relative to the config file's folder); the net's inputs say pSp or ReStyle.
 */
export const toonifyStylizerOptionsSchema = z
  .object({
    models: z.string().min(1),
    /** ReStyle passes in all (the first encodes the photo, the toonify net runs from the second); ignored for pSp. */
    iterations: z.number().int().min(RESTYLE_MIN_ITERATIONS).max(20).default(RESTYLE_DEFAULT_ITERATIONS),
    /** Paste each toonified face back into the photo (output at the photo's size) instead of returning the aligned avatar. */
    pasteBack: z.boolean().default(false),
    /** Side of the returned avatar when not pasting back; default 1024, the nets' own output. */
    outputSize: z.number().int().min(16).max(4096).optional(),
    /** What the aligned crop shows beyond the photo: FFHQ's reflect-and-blur padding, or white. */
    padding: z.enum(['reflect', 'white']).default('reflect'),
    /** Shape of the feathered paste-back mask over the aligned square. */
    featherShape: z.enum(['ellipse', 'rectangle']).default('ellipse'),
  })
  .strict()
  .refine((options) => !(options.pasteBack && options.outputSize !== undefined), {
    message: 'outputSize applies to the aligned avatar only; with pasteBack the output has the photo\'s size',
    path: ['outputSize'],
  });

export type ToonifyStylizerPluginOptions = z.output<typeof toonifyStylizerOptionsSchema>;
