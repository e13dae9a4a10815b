import { facesOutOfPlace } from './geometry-match.js';

const box = (x: number, y: number, width: number, height = width) => ({ x, y, width, height });

describe('facesOutOfPlace', () => {
  it('accepts faces within 12% of the width (at least 4 px) and a 1.25x size change', () => {
    // Width 100: 12 px allowed; centre (50, 50) -> (59, 57) is sqrt(81 + 49) = 11.4 px away.
    expect(facesOutOfPlace([box(0, 0, 100)], [box(9, 7, 100)])).toEqual([]);
    // Width 10: 1.2 px by the ratio, but at least 4 px; a 3 px shift passes.
    expect(facesOutOfPlace([box(0, 0, 10)], [box(3, 0, 10)])).toEqual([]);
    expect(facesOutOfPlace([box(0, 0, 100)], [box(-10, -10, 120)])).toEqual([]);
  });

  it('reports moved, resized and vanished faces one line each, matching the nearest output face', () => {
    expect(facesOutOfPlace([box(0, 0, 100), box(300, 0, 100)], [box(13, 0, 100), box(290, -10, 130)])).toEqual([
      'face 1 (box 0,0 100x100): the nearest output face is 13.0 px away (allowed 12.0)',
      'face 2 (box 300,0 100x100): the output face is 1.30x as wide (allowed 1/1.25..1.25)',
    ]);
    expect(facesOutOfPlace([box(0, 0, 50)], [])).toEqual(['face 1 (box 0,0 50x50): no face found in the output']);
  });
});
