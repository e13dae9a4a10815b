/**
 * SDXL's prompt encoding (diffusers StableDiffusionXLPipeline.encode_prompt): the prompt goes through
 * (tokenizer, text_encoder) and `prompt_2` (the prompt when not given) through (tokenizer_2,
 * text_encoder_2); the penultimate hidden states (hidden_states.11 of text_encoder, hidden_states.31 of
 * text_encoder_2, or hidden_states[-(clip_skip + 2)] of each) are concatenated per token into the
 * UNet's encoder_hidden_states (768 + 1280 = 2048 wide), and text_encoder_2's text_embeds is the pooled
 * embedding. text_encoder's pooler_output is not used. Only the needed outputs are fetched.
 * Each tokenizer keeps [BOS] + 75 tokens + [EOS]; `overLimit` tells which texts lose tokens.
 */
import { GeneavaError } from '@geneava/core/util';
import type { OnnxSession } from '@geneava/core/onnx';
import { hiddenStateForClipSkip, type SdxlDims } from '../models/contracts.js';
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
  /** Absent for the refiner: its encoder_hidden_states are text_encoder_2's hidden states alone. */
  readonly tokenizer: ClipTokenizer | undefined;
  readonly tokenizer2: ClipTokenizer;
  readonly textEncoder: OnnxSession | undefined;
  readonly textEncoder2: OnnxSession;
  readonly dims: SdxlDims;
}

/** One text to encode: `text` for text_encoder, `text2` for text_encoder_2. */
export interface PromptPair {
  readonly text: string;
  readonly text2: string;
}

export class PromptEncoder {
  constructor(private readonly parts: PromptEncoderParts) {}

  /** The token ids each encoder gets (they differ: the two tokenizers pad differently). */
  tokenIds(prompt: string, prompt2 = prompt): { readonly ids: number[]; readonly ids2: number[] } {
    return { ids: this.parts.tokenizer?.encode(prompt) ?? [], ids2: this.parts.tokenizer2.encode(prompt2) };
  }

  /** How many tokens of `text` a tokenizer drops (0 when it fits in 75). */
  droppedTokens(text: string, second = false): number {
    const tokenizer = second ? this.parts.tokenizer2 : this.parts.tokenizer;
    if (!tokenizer) return 0;
    return Math.max(0, tokenizer.tokenIds(text).length - (tokenizer.maxLength - 2));
  }

  async encode(prompts: readonly PromptPair[], clipSkip = 0): Promise<PromptEmbeddings> {
    const { textEncoder, textEncoder2, dims } = this.parts;
    const hidden1 = hiddenStateForClipSkip(dims.textEncoderLayers, clipSkip);
    const hidden2 = hiddenStateForClipSkip(dims.textEncoder2Layers, clipSkip);
    const used = textEncoder ? ([[textEncoder, hidden1], [textEncoder2, hidden2]] as const) : ([[textEncoder2, hidden2]] as const);
    for (const [session, name] of used) {
      if (!session.outputs.some((o) => o.name === name)) {
        throw new GeneavaError(`${session.label}: has no output '${name}' (needed for clip skip ${clipSkip})`, 'sdxl-model');
      }
    }
    // With one tokenizer (the refiner) diffusers zips [prompt, prompt_2] with [tokenizer_2]: the prompt
    // itself goes to text_encoder_2 and prompt_2 is not read.
    const tokens = prompts.map((p) => this.tokenIds(p.text, textEncoder ? p.text2 : p.text));
    const second = await textEncoder2.run(
      { input_ids: tokenIdsFeed(declaredInput(textEncoder2, 'input_ids'), tokens.map((t) => t.ids2)) },
      ['text_embeds', hidden2],
    );
    const h2 = second[hidden2]!;
    const pooledTensor = second['text_embeds']!;
    const [count, sequence, size2] = h2.dims as [number, number, number];
    const b = h2.data as Float32Array;
    let a: Float32Array | undefined;
    let size1 = 0;
    if (textEncoder) {
      const first = await textEncoder.run({ input_ids: tokenIdsFeed(declaredInput(textEncoder, 'input_ids'), tokens.map((t) => t.ids)) }, [hidden1]);
      const h1 = first[hidden1]!;
      size1 = h1.dims[2]!;
      a = h1.data as Float32Array;
    }
    const hiddenSize = size1 + size2;
    const hiddenStates = new Float32Array(count * sequence * hiddenSize);
    for (let row = 0; row < count * sequence; row++) {
      if (a) hiddenStates.set(a.subarray(row * size1, (row + 1) * size1), row * hiddenSize);
      hiddenStates.set(b.subarray(row * size2, (row + 1) * size2), row * hiddenSize + size1);
    }
    return { hiddenStates, pooled: pooledTensor.data as Float32Array, count, sequence, hiddenSize, pooledSize: pooledTensor.dims[1]! };
  }
}
