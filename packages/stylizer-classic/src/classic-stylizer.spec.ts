import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectedFace, RgbImage } from '@geneava/core/contracts';
import { ClassicStylizer } from './classic-stylizer.js';
import { VERSION } from './version.js';

/** Deterministic noise, roughly Gaussian (sum of three uniforms), standard deviation about `sigma`. */
function noiseSource(seed: number, sigma: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return () => (uniform() + uniform() + uniform() - 1.5) * 2 * sigma;
}

function rgbImage(width: number, height: number, colourAt: (x: number, y: number) => readonly number[]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colourAt(x, y);
      const p = (y * width + x) * 3;
      data[p] = Math.max(0, Math.min(255, Math.round(r)));
      data[p + 1] = Math.max(0, Math.min(255, Math.round(g)));
      data[p + 2] = Math.max(0, Math.min(255, Math.round(b)));
    }
  }
  return { width, height, data };
}

/** A noisy portrait-like scene: a coloured background gradient, a skin-toned ellipse, dark eyes. */
function scene(width: number, height: number, seed = 1): RgbImage {
  const noise = noiseSource(seed, 5);
  return rgbImage(width, height, (x, y) => {
    const dx = (x - width / 2) / (width * 0.3);
    const dy = (y - height / 2) / (height * 0.38);
    const eye = Math.hypot(x - width * 0.4, y - height * 0.42) < width * 0.04;
    const base = eye ? [40, 30, 30] : dx * dx + dy * dy < 1 ? [220, 170, 140] : [60 + x * 0.3, 90, 140 + y * 0.2];
    return base.map((v) => v + noise());
  });
}

function face(x: number, y: number, width: number, height: number): DetectedFace {
  return {
    box: { x, y, width, height },
    score: 0.99,
    points5: [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ],
  };
}

describe('ClassicStylizer', () => {
  const stylizer = new ClassicStylizer();

  it('describes itself as the weights-free, geometry-preserving classic stylizer', () => {
    expect(stylizer.apiVersion).toBe(1);
    expect(stylizer.info).toEqual(
      expect.objectContaining({
        id: 'classic',
        style: 'classic cartoon',
        version: VERSION,
        needsWeights: false,
        geometryPreserving: true,
      })
    );
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(manifest.version);
  });

  it.each([
    [37, 23],
    [1, 1],
    [2, 1],
    [1, 5],
  ])('returns a %ix%i image for a %ix%i input', async (width, height) => {
    const result = await stylizer.stylize({ image: scene(width, height) });
    expect([result.image.width, result.image.height, result.image.data.length]).toEqual([
      width,
      height,
      width * height * 3,
    ]);
    expect(result.outcome).toBe('whole-image');
    expect(result.facesStylized).toBe(0);
    expect(result.notes).toBeUndefined();
  });

  it('is deterministic and leaves its input alone', async () => {
    const image = scene(64, 48, 3);
    const copy = image.data.slice();
    const faces = [face(16, 8, 32, 32)];
    const first = await stylizer.stylize({ image, faces });
    const second = await new ClassicStylizer().stylize({ image, faces });
    expect(Buffer.from(first.image.data).equals(Buffer.from(second.image.data))).toBe(true);
    expect(Buffer.from(image.data).equals(Buffer.from(copy))).toBe(true);
    expect(first.image.data).not.toBe(image.data);
  });

  it('reports every given face where it was (identity transforms), and none without faces', async () => {
    const image = scene(32, 24, 3);
    const result = await stylizer.stylize({ image, faces: [face(4, 4, 10, 10), face(18, 6, 10, 10)] });
    expect(result.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]]);
    expect((await stylizer.stylize({ image })).faceTransforms).toEqual([]);
  });

  it('flattens a step edge to quantised levels and draws a dark line on it', async () => {
    // Smoothing keeps the clean step; levels: 30 -> 36 and 220 -> 219 (soft table, softness 3);
    // the two columns touching the step get a full line: 36 * 0.15 = 5.4 -> 5 and 219 * 0.15 = 32.85 -> 33.
    const result = await stylizer.stylize({
      image: rgbImage(40, 20, (x) => (x < 20 ? [30, 30, 30] : [220, 220, 220])),
    });
    for (let y = 0; y < 20; y++) {
      const row = Array.from({ length: 40 }, (_, x) => result.image.data[(y * 40 + x) * 3]);
      const expected = row.map((_, x) => (x === 19 ? 5 : x === 20 ? 33 : x < 20 ? 36 : 219));
      expect(row).toEqual(expected);
    }
  });

  it('keeps grey input grey in both quantisation modes', async () => {
    const noise = noiseSource(5, 8);
    const grey = rgbImage(33, 21, (x, y) => {
      const v = 40 + x * 5 + y + noise();
      return [v, v, v];
    });
    for (const quantize of ['luminance', 'rgb'] as const) {
      const { data } = (await new ClassicStylizer({ quantize }).stylize({ image: grey })).image;
      for (let p = 0; p < data.length; p += 3) {
        expect(data[p + 1]).toBe(data[p]);
        expect(data[p + 2]).toBe(data[p]);
      }
      expect(new Set(data).size).toBeGreaterThan(3);
    }
  });

  it('keeps more detail inside face ellipses and changes nothing far from them', async () => {
    // Faint 4x4 checks (+-20) on grey: two passes and 8 levels flatten them, one pass and 16 levels keep them.
    const image = rgbImage(64, 64, (x, y) => {
      const v = 120 + ((Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 0 ? 20 : -20);
      return [v, v, v];
    });
    const faces = [face(24, 24, 16, 16)];
    const withDetail = await new ClassicStylizer({ edgeStrength: 0 }).stylize({ image, faces });
    const without = await new ClassicStylizer({ edgeStrength: 0, faceDetail: false }).stylize({ image, faces });
    expect(withDetail.notes).toEqual(['face detail kept inside 1 face ellipse(s)']);
    expect(without.notes).toEqual(['faces given but faceDetail is off; the whole image was filtered alike']);
    const spread = (data: Uint8Array, x0: number, x1: number) => {
      let min = 255;
      let max = 0;
      for (let y = x0; y < x1; y++) {
        for (let x = x0; x < x1; x++) {
          min = Math.min(min, data[(y * 64 + x) * 3]);
          max = Math.max(max, data[(y * 64 + x) * 3]);
        }
      }
      return max - min;
    };
    expect(spread(withDetail.image.data, 28, 36)).toBeGreaterThan(spread(without.image.data, 28, 36) + 15);
    // Beyond the feathered ellipse (radius 8 * 1.15 * 1.3 = 12 around (32, 32)) both agree byte for byte.
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (Math.hypot(x + 0.5 - 32, y + 0.5 - 32) <= 12.5) continue;
        const p = (y * 64 + x) * 3;
        expect([x, y, withDetail.image.data[p]]).toEqual([x, y, without.image.data[p]]);
      }
    }
  });

  it('notes face boxes that miss the image', async () => {
    const result = await stylizer.stylize({ image: scene(16, 16), faces: [face(100, 100, 10, 10)] });
    expect(result.notes).toEqual(['face boxes lie outside the image; no face detail applied']);
    expect(result.outcome).toBe('whole-image');
  });

  it('rejects a buffer that does not match the size, naming the item', async () => {
    const image = { width: 4, height: 4, data: new Uint8Array(47) };
    await expect(stylizer.stylize({ id: 'happy-001', image })).rejects.toThrow(
      'stylizer-classic: image "happy-001" has 47 bytes; 4x4 RGB needs 48'
    );
    await expect(stylizer.stylize({ image: { width: 0, height: 4, data: new Uint8Array(0) } })).rejects.toThrow(
      /input image has size 0x4/
    );
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(stylizer.stylize({ image: scene(8, 8) }, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('validates constructor options', () => {
    expect(() => new ClassicStylizer({ levles: 4 } as never)).toThrow(/"levles"/);
    expect(new ClassicStylizer({ levels: 5 }).options.levels).toBe(5);
  });
});
