// globalSetup / globalTeardown: the whole jest run (its workers, the processes tests start, and native
// libraries such as onnxruntime, which write log files to the temporary folder) gets one temporary folder,
// removed at the end. Runs in jest's own process, before any worker starts, so workers inherit TMPDIR.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const KEY = '__GENEAVA_OUTER_TMPDIR__';

module.exports = async function globalTmpdir() {
  const outer = process.env.TMPDIR;
  const own = mkdtempSync(join(tmpdir(), 'geneava-jest-'));
  process.env[KEY] = JSON.stringify({ outer: outer ?? null, own });
  process.env.TMPDIR = own;
};

module.exports.teardown = async function removeGlobalTmpdir() {
  const saved = process.env[KEY];
  if (!saved) return;
  const { outer, own } = JSON.parse(saved);
  if (outer === null) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  delete process.env[KEY];
  rmSync(own, { recursive: true, force: true });
};
