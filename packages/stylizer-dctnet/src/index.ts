export {
  DCTNET_INPUT_NAME,
  DCTNET_OUTPUT_NAME,
  dctnetContract,
  detectDctnetNaming,
  dctnetTensorName,
  type DctnetGraph,
  type DctnetTensorNaming,
} from './models/contracts.js';
export { DCTNET_ALPHA_MASK_FILE, DCTNET_GRAPH_FILES, DCTNET_GRAPHS } from './models/dctnet-layout.js';
export { checkDctnetFolder, DCTNET_MODEL_KIND } from './models/check-dctnet-folder.js';
export { dctnetModelKind } from './models/model-kind.js';
export { DctnetStylizer, type DctnetModels, type DctnetStylizerSettings } from './dctnet-stylizer.js';
export { createDctnetStylizer, type CreateDctnetStylizerOptions } from './create-dctnet-stylizer.js';
export { DctnetGraphSession, graphLayout, openDctnetGraph, type DctnetGraphLayout } from './dctnet-graph.js';
export { cropTopLeft, padTo16 } from './background-pad.js';
export { greyWeights, loadHeadMask, type HeadMask } from './head-mask.js';
export { headCropTransform, scalePoints } from './face-transform.js';
export { limitShortSide } from './working-size.js';
export { DctnetFolderError } from './errors.js';
export { DCTNET_MAX_SHORT_SIDE, dctnetStylizerOptionsSchema, styleFromFolder, type DctnetStylizerPluginOptions } from './options.js';
export { VERSION } from './version.js';
export { default as dctnetStylizerPlugin } from './plugin.js';
