/** @type {import('jest').Config} */
module.exports = {
  displayName: 'core',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/core',
};
