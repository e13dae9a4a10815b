import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineSession } from './pipeline-session.js';
import { identityEmbedder } from './identity-embedder.js';

/** A session whose analyzer records how it was asked for and whether it was released. */
function recordingSession() {
  const calls: unknown[][] = [];
  let disposed = 0;
  const session = {
    createAnalyzer: async (...args: unknown[]) => {
      calls.push(args);
      return { info: { id: 'embedded', version: '1', identityModels: ['mobileface', 'faceres', 'arcface'] }, analyze: async () => [], detect: async () => [], dispose: async () => { disposed += 1; } };
    },
  } as unknown as PipelineSession;
  return { session, calls, disposed: () => disposed };
}

describe('identityEmbedder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-identity-embedder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the attributes model for FaceRes only, and keys ArcFace by its weights', async () => {
    const { session, calls, disposed } = recordingSession();
    const faceres = await identityEmbedder(session, 'faceres', undefined, { faceModels: 'models' });
    expect(calls[0]).toEqual([{ faceModels: 'models' }, { attributes: true }]);
    expect(faceres.model).toBe('faceres');
    const arcfaceFile = join(dir, 'arcface.onnx');
    await writeFile(arcfaceFile, 'weights');
    const arcface = await identityEmbedder(session, 'arcface', arcfaceFile);
    expect(calls[1]).toEqual([{ arcface: arcfaceFile }, { attributes: false }]);
    expect(arcface.fingerprint).toContain(`arcface-sha256:${createHash('sha256').update('weights').digest('hex')}`);
    await faceres.dispose();
    await arcface.dispose();
    expect(disposed()).toBe(2);
  });
});
