/** @type {import('jest').Config} */
module.exports = {
  displayName: 'face-models',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/face-models',
};
