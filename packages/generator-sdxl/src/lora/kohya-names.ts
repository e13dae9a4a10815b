/**
 * kohya names a UNet layer by its module path with every "." turned into "_"
 * (`lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q`), and for SDXL by the
 * original Stability ("sgm") block names (`lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q`).
 * Underscores inside module names make the flat name ambiguous, so it is read back with the names the
 * UNet's modules actually have, then sgm blocks are mapped to diffusers ones as diffusers'
 * `_maybe_map_sgm_blocks_to_diffusers` does (layers_per_block = 2):
 *   input_blocks.i.1  → down_blocks.{(i−1) div 3}.attentions.{(i−1) mod 3}
 *   middle_block.1    → mid_block.attentions.0
 *   output_blocks.i.1 → up_blocks.{i div 3}.attentions.{i mod 3}
 */

/** Module names of the SDXL UNet (and its sgm twin) that contain underscores, longest first. */
const COMPOUND_NAMES = [
  'transformer_blocks',
  'output_blocks',
  'input_blocks',
  'middle_block',
  'down_blocks',
  'time_emb_proj',
  'time_embedding',
  'add_embedding',
  'conv_shortcut',
  'mid_block',
  'up_blocks',
  'downsamplers',
  'upsamplers',
  'proj_out',
  'proj_in',
  'to_out',
  'to_q',
  'to_k',
  'to_v',
  'linear_1',
  'linear_2',
  'conv_in',
  'conv_out',
  'conv_norm_out',
  'in_layers',
  'out_layers',
  'emb_layers',
  'skip_connection',
].sort((a, b) => b.split('_').length - a.split('_').length || b.length - a.length);

/** "down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q" → "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q". */
export function kohyaToDottedPath(flat: string): string {
  const words = flat.split('_');
  const parts: string[] = [];
  let i = 0;
  while (i < words.length) {
    const compound = COMPOUND_NAMES.find((name) => {
      const pieces = name.split('_');
      return pieces.every((piece, k) => words[i + k] === piece);
    });
    const length = compound ? compound.split('_').length : 1;
    parts.push(words.slice(i, i + length).join('_'));
    i += length;
  }
  return parts.join('.');
}

/** Maps SDXL sgm attention-block prefixes to diffusers ones; other paths are returned unchanged. */
export function sgmToDiffusersPath(path: string): string {
  return path
    .replace(/^input_blocks\.(\d+)\.1\./, (_, i: string) => `down_blocks.${Math.floor((Number(i) - 1) / 3)}.attentions.${(Number(i) - 1) % 3}.`)
    .replace(/^middle_block\.1\./, 'mid_block.attentions.0.')
    .replace(/^output_blocks\.(\d+)\.1\./, (_, i: string) => `up_blocks.${Math.floor(Number(i) / 3)}.attentions.${Number(i) % 3}.`);
}

/** The diffusers module path a kohya UNet layer name (without "lora_unet_") stands for. */
export function kohyaModulePath(flat: string): string {
  return sgmToDiffusersPath(kohyaToDottedPath(flat));
}
