/** @type {import('jest').Config} */
module.exports = {
  displayName: 'stylizer-toonify',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/stylizer-toonify',
};
