import { API_VERSIONS, type DetectedFace, type FaceAnalysis, type FaceAnalyzer, type RgbImage } from '@geneava/core/contracts';

/**
 * A face "detector" for pictures of one face on a flat background: the face is the bounding box of every
 * pixel whose colour differs from the top-left pixel by more than 60 (L1). Enough to test the geometry
 * check's bookkeeping without a real model.
 */
export class PlainBackgroundAnalyzer implements FaceAnalyzer {
  readonly apiVersion = API_VERSIONS.faceAnalyzer;
  readonly info = { id: 'plain-background', version: '1.0.0', identityModels: [] };

  async detect(image: RgbImage): Promise<DetectedFace[]> {
    const { width, height, data } = image;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const d = Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]);
        if (d <= 60) continue;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
    if (x1 < 0) return [];
    const box = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    return [{ box, score: 1, points5: [[cx - 10, cy - 5], [cx + 10, cy - 5], [cx, cy], [cx - 8, cy + 10], [cx + 8, cy + 10]] }];
  }

  async analyze(image: RgbImage): Promise<FaceAnalysis[]> {
    return (await this.detect(image)).map((face) => ({ ...face, identity: {} }));
  }
}
