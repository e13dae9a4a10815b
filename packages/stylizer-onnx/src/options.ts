import { z } from '@geneava/core';

/** The plugin's options in the config file: which descriptor to run (relative paths: from the config's folder). */
export const onnxStylizerOptionsSchema = z
  .object({
    descriptor: z.string().min(1),
  })
  .strict();

export type OnnxStylizerOptions = z.output<typeof onnxStylizerOptionsSchema>;
