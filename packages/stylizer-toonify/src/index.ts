export {
  FACE_POOL_CONTRACT,
  PSP_TOONIFY_CONTRACT,
  RESTYLE_ENCODER_CONTRACT,
  RESTYLE_TOONIFY_CONTRACT,
  restyleNetContract,
  TOONIFY_INPUT_SIZE,
  TOONIFY_OUTPUT_SIZE,
  TOONIFY_STYLE_DIM,
  TOONIFY_STYLES,
} from './models/contracts.js';
export {
  AVG_IMAGE_FILE,
  FACE_POOL_FILES,
  LATENT_AVG_FILE,
  RESTYLE_ENCODER_FILES,
  TOONIFY_NET_FILES,
} from './models/toonify-layout.js';
export {
  checkToonify,
  checkToonifyFile,
  checkToonifyFolder,
  detectToonifyVariant,
  TOONIFY_MODEL_KIND,
  type ToonifyVariant,
} from './models/check-toonify.js';
export { bindByPosition, type PositionalBinding } from './models/bind-by-position.js';
export { NpyFormatError, npyItemSize, readNpyHeader, type NpyHeader } from './models/npy-header.js';
export { toonifyModelKind } from './models/model-kind.js';
export { ToonifyStylizer, type ToonifyStylizerSettings } from './toonify-stylizer.js';
export { createToonifyStylizer, openToonifyEngine, type CreateToonifyStylizerOptions } from './create-toonify-stylizer.js';
export { TOONIFY_TENSOR_FORMAT, type ToonifyEngine } from './toonify-engine.js';
export { openPspEngine, PspEngine } from './psp-engine.js';
export { openRestyleEngine, RESTYLE_DEFAULT_ITERATIONS, RESTYLE_MIN_ITERATIONS, RestyleEngine, type RestyleFiles, type RestyleParts } from './restyle-engine.js';
export { bindSession, type BoundNames } from './bound-session.js';
export { alignFfhq, type FfhqAlignment, type FfhqPadding } from './ffhq-align.js';
export { channelMedians, ffhqPad, padMask, reflectIndex, reflectPad, type Pad } from './ffhq-pad.js';
export { readFloatNpy, type NpyFloatArray } from './npy-array.js';
export { centreSquare, cropRegion, type Region } from './pixels.js';
export { ToonifyModelsError } from './errors.js';
export { TOONIFY_DEFAULT_OUTPUT_SIZE, toonifyStylizerOptionsSchema, type ToonifyStylizerPluginOptions } from './options.js';
export { VERSION } from './version.js';
export { default as toonifyStylizerPlugin } from './plugin.js';
