// Our default face analysis from the built packages: every model on onnxruntime-node, on the CPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core';
import { EmbeddedFaceAnalyzer } from '@geneava/evaluator';
import { findPackageDir } from './find-package.mjs';

/**
 * EmbeddedFaceAnalyzer.analyze() on the full image: BlazeFace detection, FaceMesh, mobileface
 * identity, emotion + mesh geometry, and with `attributes` FaceRes (age, gender, 1024-d descriptor).
 */
export async function createGeneavaRunner({ modelsDir, ortThreads, attributes = true } = {}) {
  const onnx = new OnnxRuntime();
  if (ortThreads) {
    // A bench knob: every session the analyzer opens gets this many intra-op threads (onnxruntime's
    // default is one per core, whose spinning threads suffer when the machine is busy).
    const createSession = onnx.createSession.bind(onnx);
    onnx.createSession = (model, options = {}) => createSession(model, { ...options, intraOpNumThreads: ortThreads });
  }
  const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu', attributes, ...(modelsDir ? { modelsDir } : {}) });
  const ortVersion = JSON.parse(readFileSync(join(findPackageDir('onnxruntime-node'), 'package.json'), 'utf8')).version;
  return {
    name: `geneava ${analyzer.info.id} analyzer ${analyzer.info.version}${attributes ? ' + FaceRes' : ''} (onnxruntime-node ${ortVersion} cpu, ${ortThreads ? `${ortThreads} intra-op thread${ortThreads === 1 ? '' : 's'}` : 'analyzer default threads'})`,
    async faces(image) {
      return (await analyzer.analyze(image)).length;
    },
    async dispose() {
      await analyzer.dispose();
      await onnx.dispose();
    },
  };
}
