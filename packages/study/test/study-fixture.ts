import { join } from 'node:path';
import { createStudy, type CreatedStudy } from '../src/create-study.js';
import { tempDir, writeRunDataset } from './fixtures.js';

/** A small study made from a miniature run dataset, in a temporary folder the caller removes. */
export async function makeStudy(
  options: { pairsPerTask?: number; ratersPerTask?: number; raters?: number; strengthQuestion?: boolean; stylizers?: string[]; pairsPerCell?: number } = {},
): Promise<{
  dir: string;
  created: CreatedStudy;
  remove: () => Promise<void>;
}> {
  const temp = await tempDir('study');
  const from = join(temp.path, 'dataset');
  await writeRunDataset(from, { expressions: ['glee', 'rage'], perExpression: 3, stylizers: options.stylizers ?? ['classic', 'anime'] });
  const dir = join(temp.path, 'study');
  const created = await createStudy({
    from,
    out: dir,
    pairsPerTask: options.pairsPerTask ?? 4,
    ratersPerTask: options.ratersPerTask ?? 2,
    raters: options.raters ?? 3,
    pairsPerCell: options.pairsPerCell ?? 3,
    seed: 3,
    strengthQuestion: options.strengthQuestion ?? false,
  });
  return { dir, created, remove: temp.remove };
}
