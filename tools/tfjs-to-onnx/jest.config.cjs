/** @type {import('jest').Config} */
module.exports = {
  displayName: 'tfjs-to-onnx',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/tools/tfjs-to-onnx',
};
