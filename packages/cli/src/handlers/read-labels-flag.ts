import { LabelsFileError, loadLabels, type ItemLabels } from '@geneava/evaluator';
import { UsageError } from '@geneava/core';

/** Reads the file named by --labels; a bad file is a usage error naming the flag. */
export async function readLabelsFlag(file: string): Promise<Map<string, ItemLabels>> {
  try {
    return await loadLabels(file);
  } catch (error) {
    if (error instanceof LabelsFileError) throw new UsageError(`--labels: ${error.message}`);
    throw error;
  }
}
