/**
 * The converter's version, recorded in every converted file (producer_version) and in build manifests.
 * Bump it whenever a change alters the ONNX a given TF.js graph converts to, so cached conversions are
 * redone; the spec checks that it follows the package version.
 */
export const CONVERTER_VERSION = '0.3.0';

export const CONVERTER_NAME = '@geneava/tfjs-to-onnx';
