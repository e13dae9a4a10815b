import { fingerprintOf } from '@geneava/core/provenance';
import type { StageFingerprints } from '../dataset/index.js';

/** One digest of every component's identity (models, versions, options): equal on machines that would make the same files. */
export function identitiesDigest(identities: StageFingerprints['identities']): string {
  return fingerprintOf(identities);
}
