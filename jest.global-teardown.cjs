// See jest.global-tmpdir.cjs.
module.exports = require('./jest.global-tmpdir.cjs').teardown;
