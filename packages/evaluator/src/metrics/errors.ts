import { GeneavaError } from '@geneava/core/util';

/** The real image of a pair has no face, so there is nothing to compare the avatar with. */
export class NoRealFaceError extends GeneavaError {
  constructor(readonly subject: string) {
    super(`real image ${subject}: no face detected, so the pair cannot be scored`, 'no-face');
  }
}
