/**
 * The two arrays ReStyle's first iteration starts from: the average latent (latent_input) and the
 * image decoded from it (concatenated with the input image into x_input).
 */
import { join } from 'node:path';
import { type CheckReportBuilder, isFile } from '@geneava/core/model-check';
import { TOONIFY_INPUT_SIZE, TOONIFY_STYLE_DIM, TOONIFY_STYLES } from './contracts.js';
import { NpyFormatError, npyItemSize, readNpyHeader } from './npy-header.js';
import { AVG_IMAGE_FILE, LATENT_AVG_FILE } from './toonify-layout.js';

/** Little-endian floats; the loader converts them to the nets' input dtype. */
const FLOAT_DESCRS = ['<f2', '<f4', '<f8'];

interface ArraySpec {
  readonly file: string;
  readonly what: string;
  /** Accepted shapes: without and with a leading batch of 1. */
  readonly shapes: readonly (readonly number[])[];
}

const AVERAGE_ARRAYS: readonly ArraySpec[] = [
  {
    file: LATENT_AVG_FILE,
    what: 'the average latent fed as latent_input in the first iteration',
    shapes: [
      [TOONIFY_STYLES, TOONIFY_STYLE_DIM],
      [1, TOONIFY_STYLES, TOONIFY_STYLE_DIM],
    ],
  },
  {
    file: AVG_IMAGE_FILE,
    what: 'the average image concatenated into x_input in the first iteration',
    shapes: [
      [3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE],
      [1, 3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE],
    ],
  },
];

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export async function checkAverageFiles(dir: string, report: CheckReportBuilder): Promise<void> {
  for (const spec of AVERAGE_ARRAYS) await checkArray(dir, spec, report);
}

async function checkArray(dir: string, spec: ArraySpec, report: CheckReportBuilder): Promise<void> {
  const path = join(dir, spec.file);
  if (!(await isFile(path))) {
    report.problem(spec.file, `missing (${spec.what})`);
    return;
  }
  let header;
  try {
    header = await readNpyHeader(path);
  } catch (error) {
    if (!(error instanceof NpyFormatError)) throw error;
    report.problem(spec.file, error.message);
    return;
  }
  const expected = `float ${spec.shapes.map(formatShape).join(' or ')}`;
  const found = `${header.descr} ${formatShape(header.shape)}`;
  const shapeOk = spec.shapes.some((shape) => shape.length === header.shape.length && shape.every((d, i) => d === header.shape[i]));
  if (!FLOAT_DESCRS.includes(header.descr) || !shapeOk) {
    report.problem(spec.file, `expected ${expected} (NumPy ${FLOAT_DESCRS.join('|')}), found ${found}`);
    return;
  }
  if (header.fortranOrder) {
    report.problem(spec.file, 'is stored in Fortran (column-major) order; save it with numpy.save from a C-ordered array');
    return;
  }
  const elements = header.shape.reduce((product, d) => product * d, 1);
  const needed = header.dataOffset + elements * npyItemSize(header.descr)!;
  if (header.fileSize < needed) {
    report.problem(spec.file, `is truncated: ${found} needs ${needed} bytes, the file has ${header.fileSize}`);
  }
}
