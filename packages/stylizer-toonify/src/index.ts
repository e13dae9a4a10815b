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
