/** @type {import('jest').Config} */
module.exports = {
  displayName: 'stylizer-dctnet',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/stylizer-dctnet',
};
