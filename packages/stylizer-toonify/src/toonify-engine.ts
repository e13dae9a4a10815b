import type { RgbImage } from '@geneava/core/contracts';
import type { ToonifyVariant } from './models/check-toonify.js';

/** A Toonify encoder-decoder: an FFHQ-aligned 256x256 face in, its 1024x1024 toonified version out. */
export interface ToonifyEngine {
  readonly variant: ToonifyVariant;
  /** Model files, for messages. */
  readonly files: readonly string[];
  /** Passes per face, for iterative engines (ReStyle). */
  readonly iterations?: number;
  toonify(aligned: RgbImage, signal?: AbortSignal): Promise<RgbImage>;
  dispose(): Promise<void>;
}

/** The nets' pixel convention (pSp's transforms and tensor2im): RGB, NCHW, [-1, 1]. */
export const TOONIFY_TENSOR_FORMAT = { layout: 'NCHW', channelOrder: 'RGB', range: [-1, 1] } as const;
