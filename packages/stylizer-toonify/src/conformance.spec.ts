import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { describeStylizerConformance } from '@geneava/testing';
import { createToonifyStylizer } from './create-toonify-stylizer.js';
import { writePspNet, writeRestyleFolder } from './test-support/toonify-fixtures.test.js';

// The shared stylizer contract on fixture nets with the real Toonify signatures: the avatar output
// (one face, fixed size) and the paste-back output (every face, the photo's size).
const onnx = new OnnxRuntime();
let root: Promise<string> | undefined;
afterAll(async () => {
  await onnx.dispose();
  if (root) await rm(await root, { recursive: true, force: true });
});

function once(write: (dir: string) => Promise<string>): () => Promise<string> {
  let written: Promise<string> | undefined;
  return () => {
    root ??= mkdtemp(join(tmpdir(), 'geneava-toonify-conformance-'));
    written ??= root.then(write);
    return written;
  };
}

const psp = once(async (dir) => {
  await mkdir(join(dir, 'psp'), { recursive: true });
  await writePspNet(join(dir, 'psp', 'toonify.onnx'), { body: 'negate' });
  return join(dir, 'psp');
});
const restyle = once((dir) => writeRestyleFolder(join(dir, 'restyle'), { encoder: { kind: 'second' }, net: { kind: 'blend' } }));

describeStylizerConformance('toonify pSp, 256x256 avatar', async () => createToonifyStylizer({ models: await psp(), onnx, device: 'cpu', outputSize: 256 }), {
  onnx,
  expectedSize: { width: 256, height: 256 },
  multiFace: 'one',
});

describeStylizerConformance('toonify pSp, pasted back', async () => createToonifyStylizer({ models: await psp(), onnx, device: 'cpu', pasteBack: true }), { onnx });

describeStylizerConformance('toonify ReStyle (3 iterations), 1024x1024 avatar', async () => createToonifyStylizer({ models: await restyle(), onnx, device: 'cpu', iterations: 3 }), {
  onnx,
  expectedSize: { width: 1024, height: 1024 },
  multiFace: 'one',
});
