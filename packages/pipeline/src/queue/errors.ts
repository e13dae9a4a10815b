import { GeneavaError, UsageError } from '@geneava/core/util';
import { ModelContractError, ModelFileError } from '@geneava/core/onnx';

/** A failure that would fail again on any worker (a bad model, a bad input): the item fails once, with its reason. */
export class PermanentJobError extends GeneavaError {
  constructor(message: string) {
    super(message, 'job-permanent');
  }
}

/**
 * Whether an error thrown out of an item's job is worth retrying. Model files that do not load, usage
 * errors and refused runs fail the same way everywhere; anything else (a full or unmounted disk, a GPU
 * that ran out of memory, a Redis hiccup) may pass, so the job is retried with backoff.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || error instanceof UsageError || error instanceof ModelFileError || error instanceof ModelContractError;
}
