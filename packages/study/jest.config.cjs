/** @type {import('jest').Config} */
module.exports = {
  displayName: 'study',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/study',
};
