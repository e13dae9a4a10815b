/** @type {import('jest').Config} */
module.exports = {
  displayName: 'study',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/study',
  // fastify.inject loads light-my-request, which requires the ES-module-only `cookie`; Node loads it
  // natively (require of ESM), jest's module system needs it compiled to CommonJS first.
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
};
