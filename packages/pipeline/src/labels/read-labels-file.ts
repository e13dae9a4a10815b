import { LabelsFileError, loadLabels, type ItemLabels } from '@geneava/evaluator';
import { UsageError } from '@geneava/core/util';

/** Reads a labels file (CSV or JSON Lines, by id); a bad file is a usage error naming --labels. */
export async function readLabelsFile(file: string): Promise<Map<string, ItemLabels>> {
  try {
    return await loadLabels(file);
  } catch (error) {
    if (error instanceof LabelsFileError) throw new UsageError(`--labels: ${error.message}`);
    throw error;
  }
}
