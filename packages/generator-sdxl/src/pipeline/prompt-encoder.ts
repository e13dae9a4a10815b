/**
 * SDXL's prompt encoding (diffusers StableDiffusionXLPipeline.encode_prompt): each prompt goes through
 * both (tokenizer, text encoder) pairs; the penultimate hidden states (hidden_states.11 of
 * text_encoder, hidden_states.31 of text_encoder_2) are concatenated per token into the UNet's
 * encoder_hidden_states (768 + 1280 = 2048 wide), and text_encoder_2's text_embeds is the pooled
 * embedding. text_encoder's pooler_output is not used. Only the needed outputs are fetched.
 */
import type { OnnxSession } from '@geneava/core';
import { penultimateHiddenState, type SdxlDims } from '../models/contracts.js';
import type { ClipTokenizer } from '../tokenizer/index.js';
import { declaredInput, tokenIdsFeed } from './model-feeds.js';

export interface PromptEmbeddings {
  /** Rows of [sequence, hiddenSize] per prompt, row-major: [count, sequence, hiddenSize]. */
  readonly hiddenStates: Float32Array;
  /** [count, pooledSize]. */
  readonly pooled: Float32Array;
  readonly count: number;
  readonly sequence: number;
  readonly hiddenSize: number;
  readonly pooledSize: number;
}

export interface PromptEncoderParts {
  readonly tokenizer: ClipTokenizer;
  readonly tokenizer2: ClipTokenizer;
  readonly textEncoder: OnnxSession;
  readonly textEncoder2: OnnxSession;
  readonly dims: SdxlDims;
}

export class PromptEncoder {
  private readonly hidden1: string;
  private readonly hidden2: string;

  constructor(private readonly parts: PromptEncoderParts) {
    this.hidden1 = penultimateHiddenState(parts.dims.textEncoderLayers);
    this.hidden2 = penultimateHiddenState(parts.dims.textEncoder2Layers);
  }

  /** The token ids each encoder gets for `prompt` (they differ: the two tokenizers pad differently). */
  tokenIds(prompt: string): { readonly ids: number[]; readonly ids2: number[] } {
    return { ids: this.parts.tokenizer.encode(prompt), ids2: this.parts.tokenizer2.encode(prompt) };
  }

  async encode(prompts: readonly string[]): Promise<PromptEmbeddings> {
    const { textEncoder, textEncoder2 } = this.parts;
    const tokens = prompts.map((prompt) => this.tokenIds(prompt));
    const first = await textEncoder.run({ input_ids: tokenIdsFeed(declaredInput(textEncoder, 'input_ids'), tokens.map((t) => t.ids)) }, [this.hidden1]);
    const second = await textEncoder2.run(
      { input_ids: tokenIdsFeed(declaredInput(textEncoder2, 'input_ids'), tokens.map((t) => t.ids2)) },
      ['text_embeds', this.hidden2],
    );
    const h1 = first[this.hidden1]!;
    const h2 = second[this.hidden2]!;
    const pooledTensor = second['text_embeds']!;
    const [count, sequence, size1] = h1.dims as [number, number, number];
    const size2 = h2.dims[2]!;
    const a = h1.data as Float32Array;
    const b = h2.data as Float32Array;
    const hiddenSize = size1 + size2;
    const hiddenStates = new Float32Array(count * sequence * hiddenSize);
    for (let row = 0; row < count * sequence; row++) {
      hiddenStates.set(a.subarray(row * size1, (row + 1) * size1), row * hiddenSize);
      hiddenStates.set(b.subarray(row * size2, (row + 1) * size2), row * hiddenSize + size1);
    }
    return { hiddenStates, pooled: pooledTensor.data as Float32Array, count, sequence, hiddenSize, pooledSize: pooledTensor.dims[1]! };
  }
}
