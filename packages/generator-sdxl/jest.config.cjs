/** @type {import('jest').Config} */
module.exports = {
  displayName: 'generator-sdxl',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/generator-sdxl',
};
