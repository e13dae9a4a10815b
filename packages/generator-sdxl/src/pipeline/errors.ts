import { GeneavaError } from '@geneava/core/util';
import type { ModelCheckReport } from '@geneava/core/plugins';

/** The model folder failed `geneava models check sdxl`; every problem is in `report`. */
export class SdxlFolderError extends GeneavaError {
  constructor(readonly report: ModelCheckReport) {
    const problems = report.problems.map((p) => `${p.file}: ${p.message}`);
    super(`${report.path}: not a usable SDXL export (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`, 'sdxl-folder');
  }
}

/** A request the pipeline cannot run (size, steps, scheduler...). */
export class SdxlRequestError extends GeneavaError {
  constructor(
    readonly requestId: string,
    problem: string,
  ) {
    super(`${requestId}: ${problem}`, 'sdxl-request');
  }
}

/** A model produced NaN or infinite values; the message says which model, which image, and what to do. */
export class NonFiniteOutputError extends GeneavaError {
  constructor(
    readonly file: string,
    readonly requestId: string,
    readonly count: number,
    advice: string,
  ) {
    super(`${file} produced ${count} NaN/Inf value${count === 1 ? '' : 's'} for image '${requestId}': ${advice}`, 'non-finite-output');
  }
}

/** A settings file of the folder (model_index.json, vae_decoder/config.json) that is unreadable or wrong. */
export class SdxlSettingsError extends GeneavaError {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`, 'sdxl-settings');
  }
}

/** A component given to the SdxlPipeline constructor (or swapped in) that does not fit its role. */
export class SdxlComponentError extends GeneavaError {
  constructor(
    readonly component: string,
    problem: string,
  ) {
    super(`SDXL pipeline component ${component}: ${problem}`, 'sdxl-component');
  }
}
