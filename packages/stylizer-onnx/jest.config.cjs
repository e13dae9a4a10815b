/** @type {import('jest').Config} */
module.exports = {
  displayName: 'stylizer-onnx',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/stylizer-onnx',
};
