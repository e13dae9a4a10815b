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
