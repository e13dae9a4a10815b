/** @type {import('jest').Config} */
module.exports = {
  displayName: 'geneava-tools',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/tools/geneava-plugin',
};
