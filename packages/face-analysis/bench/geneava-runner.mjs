// Our default face analysis from the built packages: every model on onnxruntime-node, on the CPU.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { ANALYZER_DEFAULTS, defaultFaceresThreads, EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { findPackageDir } from './find-package.mjs';
import { recordModelTime } from './model-time.mjs';

/**
 * EmbeddedFaceAnalyzer.analyze() on the full image: BlazeFace detection, FaceMesh, mobileface
 * identity, emotion + mesh geometry, and with `attributes` FaceRes (age, gender, 1024-d descriptor),
 * with the analyzer's default threads unless `ortThreads` sets every session's.
 */
export async function createGeneavaRunner({ modelsDir, ortThreads, modelWorkers, attributes = true } = {}) {
  const onnx = new OnnxRuntime();
  if (ortThreads) {
    // A bench knob: every session the analyzer opens gets this many intra-op threads (onnxruntime's
    // default is one per core, whose spinning threads suffer when the machine is busy).
    const createSession = onnx.createSession.bind(onnx);
    onnx.createSession = (model, options = {}) => createSession(model, { ...options, intraOpNumThreads: ortThreads });
  }
  const modelTime = recordModelTime(onnx);
  const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu', attributes, ...(modelsDir ? { modelsDir } : {}), ...(modelWorkers !== undefined ? { modelWorkers } : {}) });
  const workers = modelWorkers ?? ANALYZER_DEFAULTS.modelWorkers;
  // The analyzer's default: FaceRes on two intra-op threads where two CPUs are allowed, the rest on one.
  const faceresThreads = ortThreads ?? defaultFaceresThreads();
  const threadsText = ortThreads
    ? `${ortThreads} intra-op thread${ortThreads === 1 ? '' : 's'} per run`
    : attributes
      ? `FaceRes on ${faceresThreads} intra-op thread${faceresThreads === 1 ? '' : 's'}, the other models on 1`
      : '1 intra-op thread per run';
  const ortVersion = JSON.parse(readFileSync(join(findPackageDir('onnxruntime-node'), 'package.json'), 'utf8')).version;
  return {
    name: `geneava ${analyzer.info.id} analyzer ${analyzer.info.version}${attributes ? ' + FaceRes' : ''} (onnxruntime-node ${ortVersion} cpu, ${threadsText}, ${workers === 0 ? 'models on the main thread' : `${workers} model worker${workers === 1 ? '' : 's'}`})`,
    threads: { intraOp: ortThreads ?? 1, faceres: attributes ? faceresThreads : 0, modelWorkers: workers, sharpThreads: Number(process.env.UV_THREADPOOL_SIZE ?? 4) },
    async faces(image) {
      return (await analyzer.analyze(image)).length;
    },
    /** The floor: seconds during which some model was running, since the last resetModelTime(). */
    modelSeconds: () => modelTime.seconds(),
    resetModelTime: () => modelTime.reset(),
    async dispose() {
      await analyzer.dispose();
      await onnx.dispose();
    },
  };
}
