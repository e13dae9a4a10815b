'use strict';
// @geneava/core's preinstall. npm runs every package's preinstall before any postinstall, so this runs
// before onnxruntime-node's postinstall, which on Linux x64 downloads the CUDA provider libraries from
// NuGet unless told to skip. On a machine that cannot reach NuGet that download fails with a stack trace
// that does not say what to set; this check turns it into one line that does. It never downloads
// anything and never changes another package: when the download is skipped, already done, or NuGet is
// reachable, it exits quietly and onnxruntime-node behaves exactly as its authors wrote it.
const fs = require('node:fs');
const path = require('node:path');
const { URL } = require('node:url');

const CUDA_STEP = 'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js';
const DEFAULT_FEED = 'https://api.nuget.org/v3/index.json';
const PROBE_TIMEOUT_MS = 20000;

// The settings onnxruntime-node's install script reads (script/install-utils.js parseInstallFlag):
// with any of them set, the user already chose what happens.
const INSTALL_FLAGS = [
  'ONNXRUNTIME_NODE_INSTALL',
  'npm_config_onnxruntime_node_install',
  'ONNXRUNTIME_NODE_INSTALL_CUDA',
  'npm_config_onnxruntime_node_install_cuda',
];

// A proxy set for global-agent (which the install script uses) is a route we cannot test from here.
const PROXY_VARIABLES = ['GLOBAL_AGENT_HTTPS_PROXY', 'GLOBAL_AGENT_HTTP_PROXY'];

function installFlagSet(env) {
  return INSTALL_FLAGS.some((name) => typeof env[name] === 'string' && env[name] !== '');
}

function proxyConfigured(env) {
  return PROXY_VARIABLES.some((name) => typeof env[name] === 'string' && env[name] !== '');
}

/** True when a project package.json text denies onnxruntime-node's scripts through npm's allowScripts. */
function deniedByAllowScripts(packageJsonText) {
  let manifest;
  try {
    manifest = JSON.parse(packageJsonText);
  } catch {
    return false;
  }
  const policy = manifest && typeof manifest === 'object' ? manifest.allowScripts : undefined;
  if (!policy || typeof policy !== 'object') return false;
  return Object.entries(policy).some(
    ([spec, allowed]) => allowed === false && (spec === 'onnxruntime-node' || spec.startsWith('onnxruntime-node@')),
  );
}

/**
 * What onnxruntime-node's install script would fetch on this platform: the files its own metadata lists
 * that are not in its folder yet, and the feed it would ask. Empty when nothing would be downloaded.
 */
function pendingDownload(ortDir, platform, arch) {
  let metadata;
  try {
    metadata = require(path.join(ortDir, 'script', 'install-metadata.js'));
  } catch {
    return { files: [], feed: DEFAULT_FEED };
  }
  const key = `${platform}/${arch}`;
  const names = (metadata.requirements && metadata.requirements[key]) || [];
  const binFolder = path.join(ortDir, 'bin', 'napi-v6', platform, arch);
  const files = [];
  for (const name of names) {
    const manifest = (metadata.manifests && metadata.manifests[`${key}:${name}`]) || {};
    for (const file of Object.keys(manifest)) {
      const target = path.join(binFolder, file);
      if (!fs.existsSync(target)) files.push(target);
    }
  }
  const feed = (metadata.feeds && metadata.feeds.nuget && metadata.feeds.nuget.index) || DEFAULT_FEED;
  return { files, feed };
}

/** Resolves to undefined when the URL answers at all, else to the network error's code or message. */
function probe(url, timeoutMs = PROBE_TIMEOUT_MS) {
  const client = url.startsWith('http:') ? require('node:http') : require('node:https');
  return new Promise((resolve) => {
    const request = client.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(undefined);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', (error) => resolve(error.code || error.message));
  });
}

function failureMessage(host, reason) {
  return (
    `@geneava/core: onnxruntime-node's install script would download CUDA libraries from ${host}, ` +
    `which this machine cannot reach (${reason}); install again with ONNXRUNTIME_NODE_INSTALL=skip ` +
    `set (CPU only), or add "allowScripts": {"onnxruntime-node": false} to your package.json; ` +
    `for CUDA later run: ${CUDA_STEP}`
  );
}

/** The whole decision, with every outside fact passed in. Resolves to the failure line, or undefined. */
async function check({ env, platform, arch, ortDir, projectPackageJsonText, probeUrl = probe }) {
  if (installFlagSet(env) || proxyConfigured(env)) return undefined;
  if (projectPackageJsonText !== undefined && deniedByAllowScripts(projectPackageJsonText)) return undefined;
  if (ortDir === undefined) return undefined;
  const { files, feed } = pendingDownload(ortDir, platform, arch);
  if (files.length === 0) return undefined;
  const reason = await probeUrl(feed);
  if (reason === undefined) return undefined;
  return failureMessage(new URL(feed).host, reason);
}

function findOnnxRuntime() {
  try {
    return path.dirname(require.resolve('onnxruntime-node/package.json', { paths: [path.join(__dirname, '..')] }));
  } catch {
    return undefined;
  }
}

function readProjectPackageJson(env) {
  const prefix = env.npm_config_local_prefix;
  if (!prefix) return undefined;
  try {
    return fs.readFileSync(path.join(prefix, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
}

async function main() {
  const line = await check({
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    ortDir: findOnnxRuntime(),
    projectPackageJsonText: readProjectPackageJson(process.env),
  });
  if (line !== undefined) {
    process.stderr.write(`${line}\n`);
    process.exitCode = 1;
  }
}

module.exports = { check, deniedByAllowScripts, pendingDownload, probe, failureMessage, installFlagSet };

if (require.main === module) void main();
