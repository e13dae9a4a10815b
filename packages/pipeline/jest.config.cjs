/** @type {import('jest').Config} */
module.exports = {
  displayName: 'pipeline',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/pipeline',
};
