import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@geneava/core/util';
import { listSourcePhotos, type FaceLabeler, type SplitPhotos } from '../dataset/index.js';
import { packageSearchBases, pipelinePackageFolder, PIPELINE_PACKAGE } from '../package-folder.js';
import { demoFaceLabel } from './demo-labels.js';

/** Where the demo photos come from: the npm package that published them (copied into this package's demo/). */
export const DEMO_PACKAGE = '@vladmandic/face-api';
const DEMO_PHOTO = /^sample\d+\.jpg$/;

/** Dataset folder of `geneava run --demo` without --out. */
export const DEMO_OUT = 'geneava-demo';

/** What a `--demo` build's card says about where its faces and labels come from. */
export const demoNotes = (cropScale: number): string[] => [
  `Demo: the real faces are the faces of the six group photos published in the npm package ${DEMO_PACKAGE} (demo/sample1.jpg to sample6.jpg, shipped in ${PIPELINE_PACKAGE}). Each detected face was cropped into its own item (a square of ${cropScale} times the face box, centred on it), because the paper's filter keeps images with exactly one face; the filter then ran on every crop unchanged.`,
  'Demo labels were written by one person looking at each face, for demonstration only: the expression is the closest Emo135 name where the face shows one clearly, "unlabelled" otherwise (Emo135 has no neutral class); gender and age group are that person\'s perception. Race was not annotated from appearance and is left unlabelled.',
];

/** The demo/ folder of the installed @geneava/pipeline package (see pipelinePackageFolder), which ships the six photos. */
export function findDemoPhotos(cwd: string): string {
  const folder = pipelinePackageFolder(cwd);
  const dir = folder === undefined ? undefined : join(folder, 'demo');
  if (dir !== undefined && existsSync(join(dir, 'sample1.jpg'))) return dir;
  throw new UsageError(`--demo needs the sample photos in the demo/ folder of ${PIPELINE_PACKAGE}, which was not found from ${packageSearchBases(cwd).join(', ')}; reinstall ${PIPELINE_PACKAGE}, or give your own photos with --source DIR`);
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
