/** @type {import('jest').Config} */
module.exports = {
  displayName: 'evaluator',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/evaluator',
};
