import { dilateOpacity, drawEdges, edgeOpacity } from './edges.js';

function plane(width: number, height: number, valueAt: (x: number, y: number) => number): Uint8Array {
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) luma[y * width + x] = valueAt(x, y);
  return luma;
}

/** Coordinates of every pixel with non-zero opacity, as "x,y". */
function marked(opacity: Uint8Array, width: number): string[] {
  const out: string[] = [];
  opacity.forEach((o, i) => {
    if (o > 0) out.push(`${i % width},${Math.floor(i / width)}`);
  });
  return out;
}

describe('edgeOpacity', () => {
  it('marks exactly the two columns that touch a vertical step', () => {
    const width = 12;
    const height = 8;
    // Step of 100 at x = 6: Sobel gx = 4 * 100 at x = 5 and x = 6, magnitude 100 >= 2 * 28, full opacity.
    const opacity = edgeOpacity(
      plane(width, height, (x) => (x < 6 ? 50 : 150)),
      width,
      height,
      28
    );
    const expected: string[] = [];
    for (let y = 0; y < height; y++) expected.push(`5,${y}`, `6,${y}`);
    expect(marked(opacity, width).sort()).toEqual(expected.sort());
    for (let y = 0; y < height; y++) {
      expect(opacity[y * width + 5]).toBe(255);
      expect(opacity[y * width + 6]).toBe(255);
    }
  });

  it('marks the two rows that touch a horizontal step', () => {
    const opacity = edgeOpacity(
      plane(5, 6, (_x, y) => (y < 3 ? 200 : 20)),
      5,
      6,
      28
    );
    expect(marked(opacity, 5).filter((p) => !p.endsWith(',2') && !p.endsWith(',3'))).toEqual([]);
    expect(marked(opacity, 5)).toHaveLength(10);
  });

  it('finds nothing in a flat region, borders included', () => {
    const opacity = edgeOpacity(
      plane(9, 9, () => 123),
      9,
      9,
      1
    );
    expect(marked(opacity, 9)).toEqual([]);
  });

  it('ignores steps below the threshold and ramps between threshold and twice the threshold', () => {
    const below = edgeOpacity(
      plane(6, 3, (x) => (x < 3 ? 100 : 127)),
      6,
      3,
      28
    );
    expect(marked(below, 6)).toEqual([]);
    // Step 42 with threshold 28: (42 - 28) / 28 = 0.5 -> round(127.5) = 128.
    const half = edgeOpacity(
      plane(6, 3, (x) => (x < 3 ? 100 : 142)),
      6,
      3,
      28
    );
    expect(half[1 * 6 + 2]).toBe(128);
    expect(half[1 * 6 + 3]).toBe(128);
  });

  it('handles a 1x1 plane', () => {
    expect(Array.from(edgeOpacity(new Uint8Array([9]), 1, 1, 10))).toEqual([0]);
  });

  it('rejects a non-positive threshold', () => {
    expect(() => edgeOpacity(new Uint8Array(1), 1, 1, 0)).toThrow(/threshold must be positive/);
  });
});

describe('dilateOpacity', () => {
  it('grows a single pixel into a 3x3 block, clipped at the border', () => {
    const opacity = new Uint8Array(5 * 4);
    opacity[1 * 5 + 2] = 200;
    opacity[3 * 5 + 4] = 90;
    const out = dilateOpacity(opacity, 5, 4);
    // prettier-ignore
    expect(Array.from(out)).toEqual([
      0, 200, 200, 200, 0,
      0, 200, 200, 200, 0,
      0, 200, 200, 200, 90,
      0, 0, 0, 90, 90,
    ]);
  });
});

describe('drawEdges', () => {
  it('darkens colours by strength x opacity and leaves unmarked pixels alone', () => {
    const rgb = new Uint8Array([200, 100, 50, 200, 100, 50, 200, 100, 50]);
    drawEdges(rgb, new Uint8Array([255, 0, 128]), 0.5);
    // Pixel 0: keep 1 - 0.5 = 0.5. Pixel 2: keep 1 - 0.5 * 128 / 255 = 0.7490 -> 149.8, 74.9, 37.5.
    expect(Array.from(rgb)).toEqual([100, 50, 25, 200, 100, 50, 150, 75, 37]);
  });

  it('draws black at full strength and nothing at zero strength', () => {
    const rgb = new Uint8Array([200, 100, 50]);
    drawEdges(rgb, new Uint8Array([255]), 0);
    expect(Array.from(rgb)).toEqual([200, 100, 50]);
    drawEdges(rgb, new Uint8Array([255]), 1);
    expect(Array.from(rgb)).toEqual([0, 0, 0]);
  });
});
