// globalSetup / globalTeardown: the whole jest run (its workers, the processes tests start, and native
// libraries such as onnxruntime, which write log files to the temporary folder) gets one temporary folder,
// removed at the end. Runs in jest's own process, before any worker starts, so workers inherit TMPDIR.
// The per-machine model hash cache goes there too: tests must not write to the user's ~/.cache.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const KEY = '__GENEAVA_OUTER_TMPDIR__';

module.exports = async function globalTmpdir() {
  const outer = process.env.TMPDIR;
  const own = mkdtempSync(join(tmpdir(), 'geneava-jest-'));
  process.env[KEY] = JSON.stringify({ outer: outer ?? null, own, hashCache: process.env.GENEAVA_HASH_CACHE ?? null });
  process.env.TMPDIR = own;
  process.env.GENEAVA_HASH_CACHE = join(own, 'file-hashes.json');
};

module.exports.teardown = async function removeGlobalTmpdir() {
  const saved = process.env[KEY];
  if (!saved) return;
  const { outer, own, hashCache } = JSON.parse(saved);
  if (outer === null) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  if (hashCache === null) delete process.env.GENEAVA_HASH_CACHE;
  else process.env.GENEAVA_HASH_CACHE = hashCache;
  delete process.env[KEY];
  rmSync(own, { recursive: true, force: true });
};
