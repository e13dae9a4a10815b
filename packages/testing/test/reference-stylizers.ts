import {
  API_VERSIONS,
  type RgbImage,
  type RunOptions,
  type StylizedFace,
  type StylizeInput,
  type Stylizer,
  type StylizerInfo,
} from '@geneava/core/contracts';
import { IDENTITY_AFFINE, type AffineMatrix } from '@geneava/core/geometry';

/** Ways a test stylizer can break the contract, to prove the checks catch each one. */
export interface Faults {
  readonly cropOnePixel?: boolean;
  readonly mutateInput?: boolean;
  readonly noise?: boolean;
  readonly returnInputBuffer?: boolean;
  readonly acceptMalformed?: boolean;
  readonly shiftPixels?: number;
  readonly countOneFace?: boolean;
  readonly multiLineNotes?: boolean;
  /** Report one face transform fewer than faces given. */
  readonly dropTransform?: boolean;
  /** Report every face moved right by this many pixels (while the pixels stay). */
  readonly reportMoved?: number;
}

/** Counts "sessions" the way OnnxRuntime does, for the dispose check. */
export class FakeSessions {
  openSessionCount = 0;
}

function checkImage(input: StylizeInput, who: string): void {
  const { width, height, data } = input.image;
  if (data.length !== width * height * 3) {
    throw new Error(`${who}: image "${input.id ?? '?'}" has ${data.length} bytes, ${width}x${height} RGB needs ${width * height * 3}`);
  }
}

abstract class TestStylizer implements Stylizer {
  readonly apiVersion: number = API_VERSIONS.stylizer;
  abstract readonly info: StylizerInfo;
  private calls = 0;
  private open = false;

  constructor(
    protected readonly faults: Faults = {},
    private readonly sessions?: FakeSessions,
    private readonly leak = false,
  ) {}

  async stylize(input: StylizeInput, options?: RunOptions): Promise<StylizedFace> {
    if (!this.faults.acceptMalformed) checkImage(input, this.info.id);
    if (this.sessions && !this.open) {
      this.sessions.openSessionCount++;
      this.open = true;
    }
    const result = this.render(input, options);
    let image = result.image;
    if (this.faults.shiftPixels) image = shift(image, this.faults.shiftPixels);
    if (this.faults.cropOnePixel) image = { width: image.width - 1, height: image.height, data: image.data.subarray(0, (image.width - 1) * image.height * 3) };
    if (this.faults.noise) image.data[0] ^= ++this.calls & 1;
    if (this.faults.mutateInput) input.image.data[0] ^= 1;
    if (this.faults.returnInputBuffer) image = input.image;
    let faceTransforms = result.faceTransforms;
    if (this.faults.dropTransform) faceTransforms = faceTransforms?.slice(1);
    if (this.faults.reportMoved) faceTransforms = faceTransforms?.map(() => [1, 0, this.faults.reportMoved!, 0, 1, 0] as const);
    return { ...result, image, ...(faceTransforms ? { faceTransforms } : {}), ...(this.faults.multiLineNotes ? { notes: ['line one\nline two'] } : {}) };
  }

  dispose(): void {
    if (this.sessions && this.open && !this.leak) this.sessions.openSessionCount--;
    this.open = false;
  }

  protected abstract render(input: StylizeInput, options?: RunOptions): StylizedFace;
}

/** Whole-image, geometry-preserving: every byte inverted (255 − v). Ignores abort signals. */
export class InvertStylizer extends TestStylizer {
  readonly info: StylizerInfo = { id: 'invert', style: 'inverted colours', version: '1.0.0', needsWeights: false, geometryPreserving: true };

  protected render(input: StylizeInput): StylizedFace {
    const data = input.image.data.map((v) => 255 - v);
    return { image: { width: input.image.width, height: input.image.height, data }, outcome: 'whole-image', facesStylized: 0, faceTransforms: inPlace(input) };
  }
}

/**
 * Face-based, geometry-preserving: a copy of the image with each given face box brightened by 20 levels;
 * 'no-face' (an unchanged copy) when no faces are given. Honours abort signals.
 */
export class FaceBoxStylizer extends TestStylizer {
  readonly info: StylizerInfo = { id: 'face-box', style: 'brightened faces', version: '1.0.0', needsWeights: false, geometryPreserving: true };

  protected render(input: StylizeInput, options?: RunOptions): StylizedFace {
    options?.signal?.throwIfAborted();
    const { width, height } = input.image;
    const data = input.image.data.slice();
    const faces = input.faces ?? [];
    for (const { box } of faces) {
      for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(height, Math.ceil(box.y + box.height)); y++) {
        for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(width, Math.ceil(box.x + box.width)); x++) {
          for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.min(255, data[(y * width + x) * 3 + c] + 20);
        }
      }
    }
    const image = { width, height, data };
    if (faces.length === 0) return { image, outcome: 'no-face', facesStylized: 0, faceTransforms: [] };
    return { image, outcome: 'stylized', facesStylized: this.faults.countOneFace ? 1 : faces.length, faceTransforms: inPlace(input) };
  }
}

/** Every given face where it was: the identity, once per face. */
function inPlace(input: StylizeInput): AffineMatrix[] {
  return (input.faces ?? []).map(() => IDENTITY_AFFINE);
}

/** The image moved right by `dx` pixels (the vacated columns repeat the first one). */
function shift(image: RgbImage, dx: number): RgbImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + Math.max(0, x - dx)) * 3;
      data.set(image.data.subarray(from, from + 3), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}
