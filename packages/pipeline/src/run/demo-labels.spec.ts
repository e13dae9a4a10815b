import { DEMO_FACE_LABELS, demoFaceLabel } from './demo-labels.js';
import { demoFaceLabeler } from './demo.js';

describe('demo face labels', () => {
  it('labels the 22 sample faces with Emo135 names or "unlabelled", perceived gender and age, no race', () => {
    const labels = Object.values(DEMO_FACE_LABELS).flat();
    expect(labels).toHaveLength(22);
    for (const label of labels) {
      expect(label.race).toBeUndefined();
      expect(label.gender).toBe('female');
    }
  });

  it('gives a face the label of the nearest centre within the tolerance', () => {
    expect(demoFaceLabel('sample1', 0.82, 0.26)).toEqual({ expression: 'glee', gender: 'female', ageGroup: '20s' });
    expect(demoFaceLabel('sample1', 0.5, 0.9)).toBeUndefined();
    expect(demoFaceLabel('sample9', 0.5, 0.5)).toBeUndefined();
    // A box in pixels: centre (0.265 * 1920, 0.384 * 1280).
    const photo = { id: 'sample1', file: 'sample1.jpg', labels: {} };
    expect(demoFaceLabeler(photo, { x: 458.8 - 100, y: 491.5 - 100, width: 200, height: 200 }, { width: 1920, height: 1280 })).toMatchObject({ expression: 'contentment' });
  });
});
