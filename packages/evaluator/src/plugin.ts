import { isAbsolute, resolve } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { defineEvaluatorPlugin } from '@geneava/core/plugins';
import { z } from '@geneava/core';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { PRESERVATION_EVALUATOR_VERSION, PreservationEvaluator } from './metrics/preservation-evaluator.js';

/** Options of the preservation evaluator under the plugin's `options` in the config file. */
export const preservationEvaluatorOptionsSchema = z
  .object({
    /** Identity thresholds (cosine) by model, over the defaults, e.g. { "mobileface": 0.48 }. */
    thresholds: z.record(z.string(), z.number().min(-1).max(1)).optional(),
    /** Folder of the converted embedded face models; default: the face-models package's own. */
    modelsDir: z.string().min(1).optional(),
    /** ArcFace ONNX file (InsightFace export) for the extra identity model "arcface". */
    arcface: z.string().min(1).optional(),
    /** Smallest box overlap for a face on the avatar to count as the real face found again. */
    minRedetectionIou: z.number().gt(0).max(1).optional(),
  })
  .strict();

export type PreservationEvaluatorPluginOptions = z.infer<typeof preservationEvaluatorOptionsSchema>;

/** What the plugin loader finds at "@geneava/evaluator/plugin". */
const preservationEvaluatorPlugin = defineEvaluatorPlugin<PreservationEvaluatorPluginOptions>({
  apiVersion: API_VERSIONS.evaluator,
  name: 'preservation',
  version: PRESERVATION_EVALUATOR_VERSION,
  description: 'Identity and expression preservation of (real, avatar) pairs on the embedded face models.',
  optionsSchema: preservationEvaluatorOptionsSchema,
  create: async ({ options, onnx, device, projectRoot, faceAnalyzer }) => {
    const path = (file: string) => (isAbsolute(file) ? file : resolve(projectRoot, file));
    // The run's analyzer when it has one (it already detects the faces the stylizers get): one copy of
    // the models per run, released by the run. Otherwise the evaluator loads its own and releases it.
    const analyzer =
      faceAnalyzer ??
      (await EmbeddedFaceAnalyzer.create({
        onnx,
        device,
        ...(options.modelsDir ? { modelsDir: path(options.modelsDir) } : {}),
        ...(options.arcface ? { arcface: path(options.arcface) } : {}),
      }));
    return new PreservationEvaluator(analyzer, {
      ownsAnalyzer: faceAnalyzer === undefined,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.minRedetectionIou === undefined ? {} : { minRedetectionIou: options.minRedetectionIou }),
    });
  },
});

export default preservationEvaluatorPlugin;
