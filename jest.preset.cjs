// Shared jest settings for every package.
// - @swc/jest compiles TypeScript to CommonJS with legacy decorators (tsyringe's parameter decorators).
// - The custom export condition makes sibling packages resolve to their TypeScript source, so tests
//   never need a build first (the same condition tsc uses through tsconfig.base.json).
// - jest.setup.cjs makes typed arrays from other realms pass `instanceof` (onnxruntime-node, sharp).
// - jest.tmpdir.cjs gives each test file a temporary folder of its own and removes it afterwards;
//   jest.global-tmpdir.cjs does the same for the whole run (workers, spawned processes, native libraries).
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@geneava/source', 'node', 'require', 'default'],
  },
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  setupFiles: [path.join(__dirname, 'jest.setup.cjs')],
  setupFilesAfterEnv: [path.join(__dirname, 'jest.tmpdir.cjs')],
  globalSetup: path.join(__dirname, 'jest.global-tmpdir.cjs'),
  globalTeardown: path.join(__dirname, 'jest.global-teardown.cjs'),
  testTimeout: 60000,
};
