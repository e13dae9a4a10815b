import { roundPixel } from './round-pixel.js';

describe('roundPixel', () => {
  it('equals Math.round on pixel values, halves and the values next to them included', () => {
    const values = [0, 0.25, 0.5, 1.5, 2.5, 127.5, 254.5, 255, 0.49999999999999994, 0.5 - 2 ** -54];
    for (let k = 0; k < 256; k++) values.push(k + 0.5, k + 0.5 - 2 ** -44, k + 0.5 + 2 ** -44, k - 1e-9, k + 1e-9);
    for (let i = 0; i < 10000; i++) values.push(Math.random() * 255);
    for (const v of values.filter((value) => value >= 0)) expect([v, roundPixel(v)]).toEqual([v, Math.round(v)]);
  });
});
