/** @type {import('jest').Config} */
module.exports = {
  displayName: 'stylizer-classic',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/stylizer-classic',
};
