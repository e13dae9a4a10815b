import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import type { PluginContext } from '@geneava/core/plugins';
import { ClassicStylizer } from './classic-stylizer.js';
import type { ClassicStylizerOptions } from './options.js';
import classicStylizerPlugin from './plugin.js';
import { VERSION } from './version.js';

describe('classic stylizer plugin definition', () => {
  it('declares the stylizer kind, API version, name and version', () => {
    expect(classicStylizerPlugin.$$type).toBe('geneava/plugin');
    expect(classicStylizerPlugin.kind).toBe('stylizer');
    expect(classicStylizerPlugin.apiVersion).toBe(API_VERSIONS.stylizer);
    expect(classicStylizerPlugin.apiVersion).toBe(1);
    expect(classicStylizerPlugin.name).toBe('classic');
    expect(classicStylizerPlugin.version).toBe(VERSION);
    expect(classicStylizerPlugin.models).toBeUndefined();
  });

  it('agrees with the package.json manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      geneava: { kind: string; apiVersion: number; entry: string };
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.geneava).toEqual({
      kind: classicStylizerPlugin.kind,
      apiVersion: classicStylizerPlugin.apiVersion,
      entry: './plugin',
    });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
  });

  it('validates options strictly', () => {
    const schema = classicStylizerPlugin.optionsSchema;
    expect(schema?.parse({}).levels).toBe(8);
    const rejected = schema?.safeParse({ levels: 6, colour: 'red' });
    expect(rejected?.success).toBe(false);
    expect(JSON.stringify(rejected?.error?.issues)).toContain('colour');
  });

  it('creates a working stylizer from validated options', async () => {
    const options = classicStylizerPlugin.optionsSchema!.parse({ levels: 4 });
    // The classic stylizer reads only its options from the run context.
    const context = { options } as unknown as PluginContext<ClassicStylizerOptions>;
    const stylizer = await classicStylizerPlugin.create(context);
    expect(stylizer).toBeInstanceOf(ClassicStylizer);
    expect(stylizer.info.id).toBe('classic');
    const image = { width: 3, height: 2, data: new Uint8Array(18).fill(90) };
    const result = await stylizer.stylize({ image });
    // 4 levels: 0, 85, 170, 255; 90 -> 85 (soft table: 42.5 + 42.5 tanh(47.5 / 3) / tanh(42.5 / 3) = 85.0).
    expect(Array.from(result.image.data)).toEqual(new Array(18).fill(85));
  });
});
