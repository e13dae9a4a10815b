import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { listSourcePhotos, UsageError, type FaceLabeler, type SplitPhotos } from '@geneava/core';
import { demoFaceLabel } from './demo-labels.js';

/** The npm package whose sample photos the demo uses, and where they are in it. */
export const DEMO_PACKAGE = '@vladmandic/face-api';
const DEMO_PHOTO = /^sample\d+\.jpg$/;

/** Dataset folder of `geneava run --demo` without --out. */
export const DEMO_OUT = 'geneava-demo';

/** What a `--demo` build's card says about where its faces and labels come from. */
export const demoNotes = (cropScale: number): string[] => [
  `Demo: the real faces are the faces of the six group photos shipped in the npm package ${DEMO_PACKAGE} (demo/sample1.jpg to sample6.jpg). Each detected face was cropped into its own item (a square of ${cropScale} times the face box, centred on it), because the paper's filter keeps images with exactly one face; the filter then ran on every crop unchanged.`,
  'Demo labels were written by one person looking at each face, for demonstration only: the expression is the closest Emo135 name where the face shows one clearly, "unlabelled" otherwise (Emo135 has no neutral class); gender and age group are that person\'s perception. Race was not annotated from appearance and is left unlabelled.',
];

/**
 * The folder of the face-api demo photos: resolved from the working directory, then from the folder of
 * the running script (the CLI's own node_modules when it is installed elsewhere).
 */
export function findDemoPhotos(cwd: string): string {
  const bases = [cwd];
  if (process.argv[1]) {
    try {
      bases.push(dirname(realpathSync(process.argv[1])));
    } catch {
      // "-e" scripts and the like add no base.
    }
  }
  for (const base of bases) {
    try {
      const dir = join(dirname(createRequire(join(resolve(base), 'noop.js')).resolve(`${DEMO_PACKAGE}/package.json`)), 'demo');
      if (existsSync(join(dir, 'sample1.jpg'))) return dir;
    } catch {
      // Not installed under this base; try the next.
    }
    for (let dir = resolve(base); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', ...DEMO_PACKAGE.split('/'), 'demo');
      if (existsSync(join(candidate, 'sample1.jpg'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new UsageError(`--demo needs the sample photos of the npm package ${DEMO_PACKAGE}; it is not installed here (npm install ${DEMO_PACKAGE}), or give your own photos with --source DIR`);
}

/** Labels a detected face of a demo photo by where its centre is. */
export const demoFaceLabeler: FaceLabeler = (photo, face, frame) =>
  demoFaceLabel(photo.id, (face.x + face.width / 2) / frame.width, (face.y + face.height / 2) / frame.height);

/** The demo's source: the sample photos, split into one item per face, labelled by the built-in table. */
export async function demoSource(cwd: string, cropScale: number): Promise<SplitPhotos> {
  const dir = findDemoPhotos(cwd);
  const photos = (await listSourcePhotos(dir)).filter((photo) => DEMO_PHOTO.test(photo.file));
  return { dir, photos, cropScale, labelFace: demoFaceLabeler };
}
