import { z } from '@geneava/core';

/**
 * The plugin's options in the config file: which descriptor to run, a shipped one by name or a file by
 * path, and where its model file is (relative paths: from the config's folder).
 */
export const onnxStylizerOptionsSchema = z
  .object({
    descriptor: z.string().min(1),
    /** Folder holding the model file (default: the descriptor's folder; the config's folder for a shipped descriptor). */
    models: z.string().min(1).optional(),
  })
  .strict();

export type OnnxStylizerOptions = z.output<typeof onnxStylizerOptionsSchema>;
