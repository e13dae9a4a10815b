import { contentInOutput, placeWholeImage } from './placement.js';

describe('placeWholeImage', () => {
  it('letterboxes into a fixed size, keeping the aspect ratio and centring the image', () => {
    // 1024x768 into 512x512: scale 0.5 -> 512x384, centred vertically at y = (512 - 384) / 2 = 64.
    expect(placeWholeImage({ width: 512, height: 512 }, 'pad', 1024, 768)).toEqual({
      width: 512,
      height: 512,
      content: { x: 0, y: 64, width: 512, height: 384 },
      padding: 'colour',
    });
    // 37x23 into 256x256: scale 256/37 = 6.919 -> 256x159 (23 * 6.919 = 159.1), y = (256 - 159) >> 1 = 48.
    expect(placeWholeImage({ width: 256, height: 256 }, 'pad', 37, 23).content).toEqual({ x: 0, y: 48, width: 256, height: 159 });
  });

  it('stretches into a fixed size', () => {
    expect(placeWholeImage({ width: 512, height: 512 }, 'stretch', 37, 23)).toEqual({
      width: 512,
      height: 512,
      content: { x: 0, y: 0, width: 512, height: 512 },
      padding: 'colour',
    });
  });

  it('scales a flexible size to its limits and pads to the multiple at the right and bottom', () => {
    // Short side 1080 > 720: scale 2/3 -> 1280x720, already multiples of 8.
    expect(placeWholeImage({ multipleOf: 8, maxShortSide: 720 }, 'pad', 1920, 1080)).toEqual({
      width: 1280,
      height: 720,
      content: { x: 0, y: 0, width: 1280, height: 720 },
      padding: 'replicate',
    });
    // No scaling needed: 37x23 padded to 40x24.
    expect(placeWholeImage({ multipleOf: 8, maxShortSide: 720 }, 'pad', 37, 23)).toEqual({
      width: 40,
      height: 24,
      content: { x: 0, y: 0, width: 37, height: 23 },
      padding: 'replicate',
    });
    // maxSide 500 on 1000x300: scale 0.5 -> 500x150 -> padded to 512x160 (multiple of 32).
    expect(placeWholeImage({ multipleOf: 32, maxSide: 500 }, 'pad', 1000, 300).content).toEqual({ x: 0, y: 0, width: 500, height: 150 });
    expect(placeWholeImage({ multipleOf: 32, maxSide: 500 }, 'pad', 1000, 300)).toMatchObject({ width: 512, height: 160 });
    // minSide 256 on 100x50: scale 256/50 = 5.12 -> 512x256.
    expect(placeWholeImage({ multipleOf: 32, minSide: 256 }, 'pad', 100, 50)).toMatchObject({ width: 512, height: 256, content: { width: 512, height: 256 } });
  });
});

describe('contentInOutput', () => {
  it('scales the content rectangle to an output of another size', () => {
    const placement = placeWholeImage({ width: 512, height: 512 }, 'pad', 1024, 768);
    expect(contentInOutput(placement, 512, 512)).toEqual({ x: 0, y: 64, width: 512, height: 384 });
    // A 2x upscaling model: the content doubles.
    expect(contentInOutput(placement, 1024, 1024)).toEqual({ x: 0, y: 128, width: 1024, height: 768 });
  });
});
