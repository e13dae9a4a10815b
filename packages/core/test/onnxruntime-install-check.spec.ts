import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as check from '../install/check-onnxruntime-install.cjs';

// A stand-in onnxruntime-node folder with the same install metadata layout as the real package
// (script/install-metadata.js): one CUDA file required on linux/x64, none elsewhere.
function fakeOnnxRuntime(feed: string, withCudaFile = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'ort-'));
  mkdirSync(join(dir, 'script'));
  mkdirSync(join(dir, 'bin', 'napi-v6', 'linux', 'x64'), { recursive: true });
  const metadata = {
    requirements: { 'linux/x64': ['cuda12'], 'darwin/arm64': [] },
    manifests: { 'linux/x64:cuda12': { './libonnxruntime_providers_cuda.so': { package: 'p', path: 'x' } } },
    feeds: { nuget: { type: 'nuget', index: feed } },
  };
  writeFileSync(join(dir, 'script', 'install-metadata.js'), `module.exports = ${JSON.stringify(metadata)};`);
  if (withCudaFile) writeFileSync(join(dir, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'), '');
  return dir;
}

const unreachable = async (): Promise<string> => 'ENOTFOUND';
const base = { platform: 'linux', arch: 'x64', projectPackageJsonText: '{"name":"app"}' };

describe('onnxruntime-node install check (preinstall of @geneava/core)', () => {
  it('fails with one line naming the host and what to set when the CUDA download cannot reach its feed', async () => {
    const ortDir = fakeOnnxRuntime('https://api.nuget.org/v3/index.json');
    const line = await check.check({ ...base, env: {}, ortDir, probeUrl: unreachable });
    expect(line).toBeDefined();
    expect(line).not.toContain('\n');
    expect(line).toContain('api.nuget.org');
    expect(line).toContain('ENOTFOUND');
    expect(line).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
    expect(line).toContain('"allowScripts": {"onnxruntime-node": false}');
    expect(line).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js');
  });

  it('stays quiet when the user already chose through any of the install script settings', async () => {
    const ortDir = fakeOnnxRuntime('https://api.nuget.org/v3/index.json');
    for (const name of [
      'ONNXRUNTIME_NODE_INSTALL',
      'npm_config_onnxruntime_node_install',
      'ONNXRUNTIME_NODE_INSTALL_CUDA',
      'npm_config_onnxruntime_node_install_cuda',
    ]) {
      await expect(check.check({ ...base, env: { [name]: 'skip' }, ortDir, probeUrl: unreachable })).resolves.toBeUndefined();
    }
  });

  it('stays quiet when the project denies the script through allowScripts, by name or pinned version', async () => {
    const ortDir = fakeOnnxRuntime('https://api.nuget.org/v3/index.json');
    for (const text of [
      '{"allowScripts":{"onnxruntime-node":false}}',
      '{"allowScripts":{"onnxruntime-node@1.30.0":false}}',
    ]) {
      await expect(
        check.check({ ...base, env: {}, ortDir, projectPackageJsonText: text, probeUrl: unreachable }),
      ).resolves.toBeUndefined();
    }
    expect(check.deniedByAllowScripts('{"allowScripts":{"onnxruntime-node":true}}')).toBe(false);
    expect(check.deniedByAllowScripts('{"allowScripts":{"onnxruntime-node-extra":false}}')).toBe(false);
    expect(check.deniedByAllowScripts('not json')).toBe(false);
  });

  it('stays quiet where nothing would be downloaded: other platforms, or the CUDA files already there', async () => {
    const feed = 'https://api.nuget.org/v3/index.json';
    await expect(
      check.check({ ...base, platform: 'darwin', arch: 'arm64', env: {}, ortDir: fakeOnnxRuntime(feed), probeUrl: unreachable }),
    ).resolves.toBeUndefined();
    await expect(
      check.check({ ...base, env: {}, ortDir: fakeOnnxRuntime(feed, true), probeUrl: unreachable }),
    ).resolves.toBeUndefined();
    await expect(check.check({ ...base, env: {}, ortDir: undefined, probeUrl: unreachable })).resolves.toBeUndefined();
  });

  it('probes the feed named in onnxruntime-node metadata and passes when it answers', async () => {
    const server: Server = createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/index.json`;
      await expect(check.probe(feed)).resolves.toBeUndefined();
      await expect(check.check({ ...base, env: {}, ortDir: fakeOnnxRuntime(feed) })).resolves.toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reports the network error code when the feed cannot be reached', async () => {
    // A port that was just free and is closed again refuses the connection.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const feed = `http://127.0.0.1:${port}/v3/index.json`;
    await expect(check.probe(feed)).resolves.toBe('ECONNREFUSED');
    const line = await check.check({ ...base, env: {}, ortDir: fakeOnnxRuntime(feed) });
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(line).toContain('ECONNREFUSED');
  });
});
