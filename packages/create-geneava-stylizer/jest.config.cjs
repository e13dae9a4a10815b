/** @type {import('jest').Config} */
module.exports = {
  displayName: 'create-geneava-stylizer',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/create-geneava-stylizer',
};
