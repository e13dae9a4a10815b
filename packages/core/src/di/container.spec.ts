import { z } from 'zod';
import { parseConfig } from '../config/load-config.js';
import type { FaceAnalyzer } from '../contracts/face-analyzer.js';
import type { Stylizer } from '../contracts/stylizer.js';
import { encodeModel } from '../onnx/proto.js';
import type { OnnxRuntime } from '../onnx/runtime.js';
import { defineStylizerPlugin } from '../plugins/define.js';
import { PluginLoadError } from '../plugins/errors.js';
import { instantiatePlugin } from '../plugins/instantiate.js';
import type { PluginContext } from '../plugins/context.js';
import type { LoadedPlugin } from '../plugins/loader.js';
import { MemoryLogger } from '../util/logger.js';
import { createGeneavaContainer, openRunScope } from './container.js';
import { inject, injectable } from './decorators.js';
import { RUN_TOKENS, TOKENS } from './tokens.js';

/** y = Identity(x), float32 [1]: the smallest model a session can load. */
function identityModel(): Uint8Array {
  const value = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }] } } },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [],
    graph: { name: 'g', initializer: [], valueInfo: [], node: [{ opType: 'Identity', input: ['x'], output: ['y'], attribute: [] }], input: [value('x')], output: [value('y')] },
  });
}

function container() {
  return createGeneavaContainer({ config: parseConfig({}, 'test'), logger: new MemoryLogger() });
}

function loaded(definition: LoadedPlugin['definition']): LoadedPlugin {
  return {
    spec: { package: 'fixture', options: { strength: 2 } },
    pkg: { name: 'fixture', dir: '/x', manifest: { kind: 'stylizer', apiVersion: 1, entry: '.' } },
    definition,
    name: definition.name,
  };
}

/** A stand-in face analyzer: the scope only stores and hands it on. */
function fakeAnalyzer(id: string): FaceAnalyzer {
  return { info: { id } } as unknown as FaceAnalyzer;
}

const info = { id: 'fixture', style: 'test', version: '1', needsWeights: false, geometryPreserving: true };

describe('application container', () => {
  it('registers every token core defines, so none is declared without a provider', () => {
    const root = container();
    for (const [name, token] of Object.entries(TOKENS)) expect([name, root.isRegistered(token, true)]).toEqual([name, true]);
  });

  it('provides the config and the logger it was given', () => {
    const config = parseConfig({}, 'test');
    const logger = new MemoryLogger();
    const scope = openRunScope(createGeneavaContainer({ config, logger }));
    expect(scope.resolve(TOKENS.Config)).toBe(config);
    expect(scope.resolve(TOKENS.Logger)).toBe(logger);
  });

  it('registers no run token: each run scope provides its own', () => {
    const root = container();
    for (const token of Object.values(RUN_TOKENS)) expect(root.isRegistered(token, true)).toBe(false);
  });
});

describe('run scope', () => {
  it('gives each run its own ONNX runtime and releases its sessions on dispose', async () => {
    const root = container();
    const first = openRunScope(root);
    const second = openRunScope(root);
    const onnx = first.resolve<OnnxRuntime>(TOKENS.OnnxRuntime);
    expect(first.resolve(TOKENS.OnnxRuntime)).toBe(onnx);
    expect(second.resolve(TOKENS.OnnxRuntime)).not.toBe(onnx);
    await onnx.createSession(identityModel(), { device: 'cpu' });
    expect(onnx.openSessionCount).toBe(1);
    await first.dispose();
    expect(onnx.openSessionCount).toBe(0);
    await second.dispose();
  });

  it('resolves classes that declare their dependencies with explicit tokens only', () => {
    @injectable()
    class NeedsLogger {
      constructor(@inject(TOKENS.Logger) readonly logger: MemoryLogger, @inject(RUN_TOKENS.FaceAnalyzer) readonly analyzer: unknown) {}
    }
    const scope = openRunScope(container());
    const analyzer = scope.provideFaceAnalyzer(fakeAnalyzer('run'));
    const instance = scope.container.resolve(NeedsLogger);
    expect(instance.logger).toBeInstanceOf(MemoryLogger);
    expect(instance.analyzer).toBe(analyzer);
  });

  it("holds one face analyzer per run, its own, released with the run", async () => {
    const root = container();
    const first = openRunScope(root);
    const second = openRunScope(root);
    let disposed = 0;
    const analyzer = first.provideFaceAnalyzer({ ...fakeAnalyzer('first'), dispose: () => { disposed += 1; } });
    expect(first.faceAnalyzer()).toBe(analyzer);
    expect(second.faceAnalyzer()).toBeUndefined();
    expect(() => first.provideFaceAnalyzer(fakeAnalyzer('again'))).toThrow('this run already has a face analyzer');
    await first.dispose();
    await second.dispose();
    expect(disposed).toBe(1);
  });

  it('disposes plugin instances it owns, even when one of them throws', async () => {
    const disposed: string[] = [];
    const scope = openRunScope(container());
    scope.own({ dispose: () => { disposed.push('a'); } });
    scope.own({ dispose: () => { throw new Error('stuck session'); } });
    scope.own({ dispose: async () => { disposed.push('c'); } });
    await expect(scope.dispose()).rejects.toThrow("releasing the run's resources failed: stuck session");
    expect(disposed).toEqual(['c', 'a']);
  });
});

describe('instantiatePlugin', () => {
  it('validates options, passes the run context with the scope\'s runtime and logger, and leaves the instance to the scope', async () => {
    let seen: PluginContext<unknown> | undefined;
    let disposed = 0;
    const definition = defineStylizerPlugin({
      apiVersion: 1,
      name: 'fixture',
      optionsSchema: z.object({ strength: z.number() }).strict(),
      create: (ctx) => {
        seen = ctx;
        return {
          apiVersion: 1,
          info,
          stylize: async (input) => ({ image: input.image, outcome: 'whole-image', facesStylized: 0 }),
          dispose: () => { disposed += 1; },
        } satisfies Stylizer;
      },
    });
    const scope = openRunScope(container());
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu' });
    expect(seen).toMatchObject({ options: { strength: 2 }, projectRoot: '/project', device: 'cpu' });
    expect(seen?.onnx).toBe(scope.resolve(TOKENS.OnnxRuntime));
    expect(seen?.logger).toBe(scope.resolve(TOKENS.Logger));
    await scope.dispose();
    expect(disposed).toBe(1);
  });

  it('hands the run\'s face analyzer to the plugin when the run gives one, and none otherwise', async () => {
    const seen: (PluginContext<unknown>['faceAnalyzer'] | 'unset')[] = [];
    const definition = defineStylizerPlugin({
      apiVersion: 1,
      name: 'fixture',
      create: (ctx) => {
        seen.push('faceAnalyzer' in ctx ? ctx.faceAnalyzer : 'unset');
        return { apiVersion: 1, info, stylize: async (input) => ({ image: input.image, outcome: 'whole-image', facesStylized: 0 }) } satisfies Stylizer;
      },
    });
    const analyzer = { info: { id: 'shared' } } as unknown as NonNullable<PluginContext<unknown>['faceAnalyzer']>;
    const scope = openRunScope(container());
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu', faceAnalyzer: analyzer });
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu' });
    await scope.dispose();
    expect(seen).toEqual([analyzer, 'unset']);
  });

  it("hands the run scope's face analyzer to every plugin built after it was provided", async () => {
    const seen: unknown[] = [];
    const definition = defineStylizerPlugin({
      apiVersion: 1,
      name: 'fixture',
      create: (ctx) => {
        seen.push(ctx.faceAnalyzer);
        return { apiVersion: 1, info, stylize: async (input) => ({ image: input.image, outcome: 'whole-image', facesStylized: 0 }) } satisfies Stylizer;
      },
    });
    const scope = openRunScope(container());
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu' });
    const runAnalyzer = scope.provideFaceAnalyzer(fakeAnalyzer('run'));
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu' });
    const given = fakeAnalyzer('given');
    await instantiatePlugin(loaded(definition), scope, { projectRoot: '/project', device: 'cpu', faceAnalyzer: given });
    await scope.dispose();
    expect(seen).toEqual([undefined, runAnalyzer, given]);
  });

  it('names the plugin and the key when options are wrong', async () => {
    const definition = defineStylizerPlugin({
      apiVersion: 1,
      name: 'fixture',
      optionsSchema: z.object({ level: z.number() }).strict(),
      create: () => { throw new Error('not reached'); },
    });
    await expect(instantiatePlugin(loaded(definition), openRunScope(container()), { projectRoot: '/', device: 'cpu' })).rejects.toThrow(
      /^plugin fixture: invalid options: .*unknown key\(s\) options\.strength/,
    );
  });

  it('turns a throwing create() into a load error naming the plugin', async () => {
    const definition = defineStylizerPlugin({ apiVersion: 1, name: 'fixture', create: () => { throw new Error('weights missing'); } });
    const error = await instantiatePlugin(loaded(definition), openRunScope(container()), { projectRoot: '/', device: 'cpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as Error).message).toBe('plugin fixture: create() threw: weights missing');
  });
});
