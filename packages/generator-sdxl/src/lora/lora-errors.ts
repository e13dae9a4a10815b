import { GeneavaError } from '@geneava/core/util';

/** A LoRA file that cannot be read or used; the message names the file and what is wrong. */
export class LoraFileError extends GeneavaError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`, 'lora-file');
  }
}

/** A UNet graph the LoRA cannot be applied to (fused attention, no module names, shape mismatch). */
export class LoraPatchError extends GeneavaError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`, 'lora-patch');
  }
}
