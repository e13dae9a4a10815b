import type { ModelCheckReport } from '@geneava/core/plugins';
import { GeneavaError } from '@geneava/core/util';

/** The style folder failed `geneava models check dctnet`; the message lists every problem on one line. */
export class DctnetFolderError extends GeneavaError {
  constructor(readonly report: ModelCheckReport) {
    const problems = report.problems.map((p) => `${p.file}: ${p.message}`);
    super(`${report.path}: not a usable DCT-Net style folder (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`, 'dctnet-folder');
  }
}
