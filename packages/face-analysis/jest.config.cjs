/** @type {import('jest').Config} */
module.exports = {
  displayName: 'face-analysis',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/face-analysis',
};
