/**
 * kohya names a UNet layer by its module path with every "." turned into "_"
 * (`lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q`), and for SDXL by the
 * original Stability ("sgm") block names (`lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q`).
 * Underscores inside module names make the flat name ambiguous, so it is read back with the names the
 * UNet's modules actually have, then sgm blocks are mapped to diffusers ones as diffusers'
 * `_maybe_map_sgm_blocks_to_diffusers` does (layers_per_block = 2):
 *   input_blocks.i.1  → down_blocks.{(i−1) div 3}.attentions.{(i−1) mod 3}
 *   input_blocks.i.0  → down_blocks.{(i−1) div 3}.resnets.{(i−1) mod 3}; input_blocks.i.0.op → down_blocks.{..}.downsamplers.0.conv
 *   middle_block.0/1/2 → mid_block.resnets.0 / attentions.0 / resnets.1
 *   output_blocks.i.0/1/2 → up_blocks.{i div 3}.resnets / attentions .{i mod 3} / upsamplers.0
 * and inside a resnet (diffusers' _convert_unet_lora_key): in_layers.2 → conv1, out_layers.3 → conv2,
 * emb_layers.1 → time_emb_proj, skip_connection → conv_shortcut; at the top: time_embed.0/2 →
 * time_embedding.linear_1/2, label_emb.0.0/2 → add_embedding.linear_1/2, input_blocks.0.0 → conv_in,
 * out.0 → conv_norm_out, out.2 → conv_out. CLIP text-encoder names (text_model.encoder.layers.N.self_attn.
 * q_proj, mlp.fc1 ...) are read back the same way.
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
  'time_embed',
  'label_emb',
  'text_model',
  'self_attn',
  'q_proj',
  'k_proj',
  'v_proj',
  'out_proj',
  'final_layer_norm',
  'text_projection',
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

const RESNET_LAYERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.in_layers\.2$/, '.conv1'],
  [/\.out_layers\.3$/, '.conv2'],
  [/\.emb_layers\.1$/, '.time_emb_proj'],
  [/\.skip_connection$/, '.conv_shortcut'],
];

/** Maps SDXL sgm block prefixes and layer names to diffusers ones; other paths are returned unchanged. */
export function sgmToDiffusersPath(path: string): string {
  const top: Record<string, string> = {
    'time_embed.0': 'time_embedding.linear_1',
    'time_embed.2': 'time_embedding.linear_2',
    'label_emb.0.0': 'add_embedding.linear_1',
    'label_emb.0.2': 'add_embedding.linear_2',
    'input_blocks.0.0': 'conv_in',
    'out.0': 'conv_norm_out',
    'out.2': 'conv_out',
  };
  if (top[path]) return top[path]!;
  let mapped = path
    .replace(/^input_blocks\.(\d+)\.0\.op$/, (_, i: string) => `down_blocks.${Math.floor((Number(i) - 1) / 3)}.downsamplers.0.conv`)
    .replace(/^input_blocks\.(\d+)\.([01])\./, (_, i: string, j: string) => `down_blocks.${Math.floor((Number(i) - 1) / 3)}.${j === '0' ? 'resnets' : 'attentions'}.${(Number(i) - 1) % 3}.`)
    .replace(/^middle_block\.([012])\./, (_, j: string) => (j === '1' ? 'mid_block.attentions.0.' : `mid_block.resnets.${j === '0' ? 0 : 1}.`))
    .replace(/^output_blocks\.(\d+)\.2\.conv$/, (_, i: string) => `up_blocks.${Math.floor(Number(i) / 3)}.upsamplers.0.conv`)
    .replace(/^output_blocks\.(\d+)\.([01])\./, (_, i: string, j: string) => `up_blocks.${Math.floor(Number(i) / 3)}.${j === '0' ? 'resnets' : 'attentions'}.${Number(i) % 3}.`);
  if (/\.resnets\.\d+\./.test(mapped)) for (const [pattern, name] of RESNET_LAYERS) mapped = mapped.replace(pattern, name);
  return mapped;
}

/** The diffusers module path a kohya UNet layer name (without "lora_unet_") stands for. */
export function kohyaModulePath(flat: string): string {
  return sgmToDiffusersPath(kohyaToDottedPath(flat));
}
