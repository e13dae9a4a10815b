import { faceModel } from '@geneava/face-models';
import { createRgbImage } from '@geneava/core/image';
import type { OnnxSession, TensorData } from '@geneava/core/onnx';
import { blazefaceAnchors } from './blazeface-anchors.js';
import { decodeBlazeface, joinBlazefaceOutputs } from './blazeface-decode.js';
import { BlazefaceDetector } from './blazeface-detector.js';

const ANCHORS = 896;

function rawWith(entries: { anchor: number; logit: number; regressors: number[] }[]): { logits: Float32Array; regressors: Float32Array } {
  const logits = new Float32Array(ANCHORS).fill(-20);
  const regressors = new Float32Array(ANCHORS * 16);
  for (const { anchor, logit, regressors: values } of entries) {
    logits[anchor] = logit;
    regressors.set(values, anchor * 16);
  }
  return { logits, regressors };
}

describe('blazefaceAnchors', () => {
  const anchors = blazefaceAnchors();

  it('has 512 anchors on a 16 x 16 grid (2 per cell) then 384 on an 8 x 8 grid (6 per cell)', () => {
    expect(anchors.length).toBe(2 * ANCHORS);
    const at = (i: number) => [anchors[2 * i], anchors[2 * i + 1]];
    // Cell (0, 0) of the 16 grid twice, then cell (1, 0).
    expect(at(0)).toEqual([0.5 / 16, 0.5 / 16]);
    expect(at(1)).toEqual([0.5 / 16, 0.5 / 16]);
    expect(at(2)).toEqual([1.5 / 16, 0.5 / 16]);
    // Row 1 of the 16 grid starts at anchor 32.
    expect(at(32)).toEqual([0.5 / 16, 1.5 / 16]);
    expect(at(511)).toEqual([15.5 / 16, 15.5 / 16]);
    // The 8 grid: six anchors per cell.
    for (let k = 512; k < 518; k++) expect(at(k)).toEqual([0.5 / 8, 0.5 / 8]);
    expect(at(518)).toEqual([1.5 / 8, 0.5 / 8]);
    expect(at(895)).toEqual([7.5 / 8, 7.5 / 8]);
  });
});

describe('decodeBlazeface', () => {
  it('adds the regressed offsets (input pixels / 256) to the anchor centre and applies the sigmoid', () => {
    // Anchor 2 sits at (1.5/16, 0.5/16) = (0.09375, 0.03125).
    const keypoints = [-25.6, 0, 25.6, 0, 0, 12.8, 0, 25.6, -51.2, 0, 51.2, 0];
    const raw = rawWith([{ anchor: 2, logit: 2, regressors: [12.8, -6.4, 64, 128, ...keypoints] }]);
    const [face, ...rest] = decodeBlazeface(raw, 0.5);
    expect(rest).toHaveLength(0);
    expect(face!.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    // Centre (0.09375 + 0.05, 0.03125 - 0.025), size (0.25, 0.5).
    expect(face!.box.x1).toBeCloseTo(0.14375 - 0.125, 6);
    expect(face!.box.x2).toBeCloseTo(0.14375 + 0.125, 6);
    expect(face!.box.y1).toBeCloseTo(0.00625 - 0.25, 6);
    expect(face!.box.y2).toBeCloseTo(0.00625 + 0.25, 6);
    // Keypoints are offsets from the anchor centre, not from the box centre.
    expect(face!.points[0]![0]).toBeCloseTo(0.09375 - 0.1, 6);
    expect(face!.points[2]![1]).toBeCloseTo(0.03125 + 0.05, 6);
    expect(face!.points[5]![0]).toBeCloseTo(0.09375 + 0.2, 6);
  });

  it('keeps candidates from minScore up and clamps logits to +-100', () => {
    const raw = rawWith([
      { anchor: 0, logit: 0, regressors: [] },
      { anchor: 600, logit: 1e6, regressors: [] },
      { anchor: 700, logit: -0.01, regressors: [] },
    ]);
    const found = decodeBlazeface(raw, 0.5);
    expect(found.map((c) => c.score)).toEqual([0.5, 1 / (1 + Math.exp(-100))]);
    expect(decodeBlazeface(raw, 0.49).length).toBe(3);
  });

  it('rejects outputs of the wrong size', () => {
    expect(() => decodeBlazeface({ logits: new Float32Array(10), regressors: new Float32Array(160) }, 0.5)).toThrow(/896 logits/);
  });

  it('joins the 512- and 384-anchor outputs in anchor order', () => {
    const joined = joinBlazefaceOutputs(new Float32Array(512).fill(1), new Float32Array(384).fill(2), new Float32Array(512 * 16).fill(3), new Float32Array(384 * 16).fill(4));
    expect(joined.logits.length).toBe(896);
    expect([joined.logits[511], joined.logits[512]]).toEqual([1, 2]);
    expect([joined.regressors[512 * 16 - 1], joined.regressors[512 * 16]]).toEqual([3, 4]);
  });
});

describe('BlazefaceDetector', () => {
  it('says when its inputs are ready, once, before the model runs on any of them', async () => {
    const events: string[] = [];
    // A model that sees no face: every logit very negative.
    const outputs: Record<string, TensorData> = Object.fromEntries(
      faceModel('blazeface').outputs.map((output) => {
        const size = output.shape.reduce<number>((product, dim) => product * (typeof dim === 'number' ? dim : 1), 1);
        return [output.name, { dtype: 'float32', dims: output.shape.map((dim) => (typeof dim === 'number' ? dim : 1)), data: new Float32Array(size).fill(-20) }];
      }),
    );
    const session: OnnxSession = {
      label: 'blazeface (stand-in)',
      device: 'cpu',
      inputs: [],
      outputs: [],
      run: async () => {
        events.push('run');
        return outputs;
      },
      dispose: async () => undefined,
    };
    const detector = new BlazefaceDetector(session);
    const faces = await detector.detect(createRgbImage(300, 200, [90, 90, 90]), { onInputsReady: () => events.push('ready') });
    expect(faces).toEqual([]);
    expect(events).toEqual(['ready', 'run', 'run']);
  });
});
