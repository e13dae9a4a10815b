import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/*
 * The layers of docs/architecture.md, enforced on imports between workspace packages. Each package's
 * tag is in the "nx" section of its package.json. Dependencies point down only:
 *   cli -> app -> plugin -> analysis -> models -> core;  testing and tools sit beside them and use core only.
 * face-models (type:models) is the store of the default face models, not a plugin; it converts their
 * TF.js sources with tfjs-to-onnx, a tool that is also a library, so that tool carries type:converter
 * as well and only the model store may use it. face-analysis (type:analysis) is the default
 * FaceAnalyzer on those models: a library under the plugins, so that the evaluator plugin and the
 * application can both use it while plugins still never import one another.
 */
const shippedCode = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:testing', 'type:tool'] },
  { sourceTag: 'type:models', onlyDependOnLibsWithTags: ['type:core', 'type:converter'] },
  { sourceTag: 'type:analysis', onlyDependOnLibsWithTags: ['type:core', 'type:models'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis', 'type:plugin'] },
  { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis', 'type:plugin', 'type:app'] },
];

/*
 * Tests, test helpers, benches and scripts never ship (they are outside each package's "files"), so
 * they may also use @geneava/testing's fixtures, and a plugin's tests may drive another plugin as a
 * real counterpart (the evaluator's tests score avatars of the classic stylizer). Core's tests still
 * use nothing of ours: @geneava/testing depends on core, so that would be a cycle.
 */
const testCode = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:testing', 'type:tool'] },
  { sourceTag: 'type:models', onlyDependOnLibsWithTags: ['type:core', 'type:converter', 'type:testing'] },
  { sourceTag: 'type:analysis', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:testing'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis', 'type:testing', 'type:plugin'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis', 'type:plugin', 'type:testing'] },
  { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:core', 'type:models', 'type:analysis', 'type:plugin', 'type:app', 'type:testing'] },
];

const testFiles = [
  '**/*.spec.ts',
  '**/*.test.ts',
  '**/test-support/**',
  '**/test/**',
  '**/bench/**',
  '**/scripts/**',
];

/*
 * Plugins are found and imported at run time by name (core's plugin loader), so a package that also
 * imports one statically is expected, not a lazy-loading mistake. Benches and scripts import their own
 * package by name to measure what a consumer gets.
 */
const boundaries = (depConstraints, { selfImports = false } = {}) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    checkDynamicDependenciesExceptions: ['@geneava/*'],
    allowCircularSelfDependency: selfImports,
    depConstraints,
  },
];

/*
 * Core's public API is split into subpath exports (@geneava/core/contracts, /onnx, /image, /geometry,
 * /plugins, ...; the "exports" of packages/core/package.json). Every package imports a name from the
 * subpath that holds it, so that a module states which part of core it uses and loads only that.
 * The root barrel keeps only what no subpath exports: zod's `z` (the instance plugins share) and
 * CORE_VERSION. Allowing those two, rather than listing the ~400 others, keeps the rule right as
 * subpaths gain names.
 */
const CORE_ROOT_ONLY_NAMES = ['z', 'CORE_VERSION'];
const coreSubpathImports = [
  'error',
  {
    paths: [
      {
        name: '@geneava/core',
        allowImportNames: CORE_ROOT_ONLY_NAMES,
        message: 'Import it from the @geneava/core subpath that exports it (/contracts, /onnx, /image, /geometry, /plugins, ...).',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/test-output', '**/files/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': boundaries(shippedCode) },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(testCode, { selfImports: true }) },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { 'no-restricted-imports': coreSubpathImports },
  },
  {
    // Lint and test configuration reaches the workspace root's shared presets by relative path.
    files: ['**/eslint.config.mjs', '**/jest.config.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/bin/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
