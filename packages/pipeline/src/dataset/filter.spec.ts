import type { Box, DetectedFace } from '@geneava/core/contracts';
import { faceFraction, filterFaces, smallestEdgeGap } from './filter.js';

const frame = { width: 100, height: 80 };
const settings = { margin: 0.05, maxFaceFraction: 0.5 };
const face = (box: Box): DetectedFace => ({ box, score: 1, points5: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]] });

describe('filterFaces', () => {
  it('requires exactly one face', () => {
    expect(filterFaces([], frame, settings)).toEqual({ passed: false, rule: 'one-face', reason: 'no face detected', faces: 0 });
    const two = [face({ x: 10, y: 10, width: 20, height: 20 }), face({ x: 60, y: 10, width: 20, height: 20 })];
    expect(filterFaces(two, frame, settings)).toEqual({ passed: false, rule: 'one-face', reason: '2 faces detected, exactly one is required', faces: 2 });
  });

  it('requires the face box inside the frame with the margin on every side', () => {
    // gaps: left 2/100, top 20/80, right 68/100, bottom 30/80 -> 0.02 < 0.05; fraction max(30/100, 30/80)
    expect(filterFaces([face({ x: 2, y: 20, width: 30, height: 30 })], frame, settings)).toEqual({
      passed: false,
      rule: 'inside-frame',
      reason: 'face not fully inside the frame: its box is 0.02 of the frame from its edge (margin 0.05)',
      faces: 1,
      faceFraction: 0.375,
      edgeGap: 0.02,
    });
    // bottom edge: 80 - (50 + 32) = -2 -> crosses
    const cut = filterFaces([face({ x: 40, y: 50, width: 20, height: 32 })], frame, settings);
    expect(cut).toMatchObject({ passed: false, rule: 'inside-frame', edgeGap: -0.025 });
    expect(cut.reason).toBe('face not fully inside the frame: its box crosses the frame edge (margin 0.05)');
  });

  it('rejects a face too close to the camera', () => {
    // width 45/100, height 50/80 = 0.625 > 0.5; gaps 0.2, 0.125, 0.35, 0.25
    expect(filterFaces([face({ x: 20, y: 10, width: 45, height: 50 })], frame, settings)).toEqual({
      passed: false,
      rule: 'not-too-close',
      reason: 'face too close to the camera: its box spans 0.625 of the frame (max 0.5)',
      faces: 1,
      faceFraction: 0.625,
      edgeGap: 0.125,
    });
  });

  it('passes one face inside the margin at exactly the largest fraction', () => {
    expect(filterFaces([face({ x: 30, y: 20, width: 40, height: 40 })], frame, settings)).toEqual({ passed: true, faces: 1, faceFraction: 0.5, edgeGap: 0.25 });
  });

  it('measures gaps and fractions per side', () => {
    expect(smallestEdgeGap({ x: 10, y: 4, width: 80, height: 60 }, frame)).toBeCloseTo(0.05, 12);
    expect(faceFraction({ x: 0, y: 0, width: 25, height: 40 }, frame)).toBe(0.5);
  });
});
