import { resolve } from 'node:path';
import { UsageError, type ModelCheckReport, type ModelKindDefinition } from '@geneava/core';

/** Runs the named kind's check on a path; every problem comes back in the report, none is thrown. */
export async function modelsCheckHandler(
  kinds: readonly ModelKindDefinition[],
  kind: string,
  path: string,
  cwd: string,
): Promise<ModelCheckReport> {
  const definition = kinds.find((k) => k.kind === kind);
  if (!definition) {
    throw new UsageError(`unknown model kind "${kind}" (known: ${kinds.map((k) => k.kind).join(', ')})`);
  }
  return definition.check(resolve(cwd, path));
}
