// Every test file gets a temporary folder of its own, removed when the file ends, even when a test
// fails half-way. jest gives each test file a copy of process.env, so setting TMPDIR there reaches neither
// os.tmpdir() nor child processes that inherit the real environment: os.tmpdir itself is pointed at the
// file's folder, and the copy's TMPDIR is set for the children a test starts with `env: process.env`.
// Done at module level, not in beforeAll: describe bodies run before any hook.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const systemTmpdir = os.tmpdir;
const outer = systemTmpdir();
const own = mkdtempSync(join(outer, 'geneava-test-'));
const previousEnv = process.env.TMPDIR;
os.tmpdir = () => own;
process.env.TMPDIR = own;

afterAll(() => {
  os.tmpdir = systemTmpdir;
  if (previousEnv === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousEnv;
  rmSync(own, { recursive: true, force: true });
});
