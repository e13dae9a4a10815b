import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { describeStylizerConformance } from '@geneava/testing';
import { createDctnetStylizer } from './create-dctnet-stylizer.js';
import { IDENTITY, INVERT, writeStyleFolder, type StyleFolderFixture } from './test-support/dctnet-fixtures.test.js';

// The shared stylizer contract on fixture graphs with DCT-Net's real signatures (head: invert, background:
// identity), in both converted layouts.
const onnx = new OnnxRuntime();
let root: Promise<string> | undefined;
afterAll(async () => {
  await onnx.dispose();
  if (root) await rm(await root, { recursive: true, force: true });
});

function folder(name: string, fixture: StyleFolderFixture): () => Promise<string> {
  let written: Promise<string> | undefined;
  return () => {
    root ??= mkdtemp(join(tmpdir(), 'geneava-dctnet-conformance-'));
    written ??= root.then((dir) => writeStyleFolder(join(dir, name), fixture));
    return written;
  };
}

const hwc = folder('anime', { head: { body: INVERT }, background: { body: IDENTITY } });
describeStylizerConformance('dctnet (HWC graphs, plain names)', async () => createDctnetStylizer({ models: await hwc(), onnx, device: 'cpu' }), { onnx });

const nhwc = folder('3d', { head: { body: INVERT, batch: true, suffix: true }, background: { body: IDENTITY, batch: true, suffix: true } });
describeStylizerConformance('dctnet (NHWC graphs, tf2onnx names)', async () => createDctnetStylizer({ models: await nhwc(), onnx, device: 'cpu' }), { onnx });
