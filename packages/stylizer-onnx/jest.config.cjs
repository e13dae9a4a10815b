/** @type {import('jest').Config} */
module.exports = {
  displayName: 'stylizer-onnx',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // Fixture folders are removed after each spec file (the helpers themselves stay free of jest globals).
  setupFilesAfterEnv: ['<rootDir>/test/remove-fixtures.ts'],
  coverageDirectory: '../../coverage/packages/stylizer-onnx',
};
