import type { ModelCheckReport } from '@geneava/core/plugins';
import { GeneavaError } from '@geneava/core/util';

/** The Toonify path failed `geneava models check toonify`; the message lists every problem on one line. */
export class ToonifyModelsError extends GeneavaError {
  constructor(readonly report: ModelCheckReport) {
    const problems = report.problems.map((p) => `${p.file}: ${p.message}`);
    super(`${report.path}: not a usable Toonify model (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`, 'toonify-models');
  }
}
