export { checkOnnxModel } from './check-model.js';
export { convertTfjsGraphModel, convertTfjsGraphModelToBytes, ONNX_OPSET, supportedTfOps, type ConvertOptions } from './convert.js';
export { TfjsConversionError, TfjsModelError, UnsupportedOpsError, type UnsupportedOp } from './errors.js';
export type { ConstDType, ConstTensor, TfjsDim, TfjsGraph, TfjsGraphNode, TfjsGraphTensor } from './graph.js';
export type { TfjsModelJson } from './model-json.js';
export { parseTfjsGraphModel, readTfjsGraphModel, tfjsWeightFiles } from './read-model.js';
export { CONVERTER_NAME, CONVERTER_VERSION } from './version.js';
