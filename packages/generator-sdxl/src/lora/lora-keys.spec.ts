import { kohyaModulePath } from './kohya-names.js';
import { parseLoraKey } from './lora-keys.js';

describe('kohya names', () => {
  it.each([
    ['down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q', 'down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q'],
    // SDXL sgm names: input 4,5 → down 1; input 7,8 → down 2; middle 1 → mid; output 0-2 → up 0, 3-5 → up 1.
    ['input_blocks_4_1_transformer_blocks_0_attn1_to_q', 'down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q'],
    ['input_blocks_5_1_transformer_blocks_1_attn2_to_k', 'down_blocks.1.attentions.1.transformer_blocks.1.attn2.to_k'],
    ['input_blocks_8_1_transformer_blocks_9_ff_net_0_proj', 'down_blocks.2.attentions.1.transformer_blocks.9.ff.net.0.proj'],
    ['middle_block_1_transformer_blocks_3_attn1_to_out_0', 'mid_block.attentions.0.transformer_blocks.3.attn1.to_out.0'],
    ['output_blocks_2_1_proj_in', 'up_blocks.0.attentions.2.proj_in'],
    ['output_blocks_4_1_transformer_blocks_1_attn2_to_v', 'up_blocks.1.attentions.1.transformer_blocks.1.attn2.to_v'],
    // Resnets (LoCon and the time-embedding projection) and the top-level layers.
    ['input_blocks_1_0_emb_layers_1', 'down_blocks.0.resnets.0.time_emb_proj'],
    ['input_blocks_5_0_in_layers_2', 'down_blocks.1.resnets.1.conv1'],
    ['input_blocks_4_0_skip_connection', 'down_blocks.1.resnets.0.conv_shortcut'],
    ['input_blocks_3_0_op', 'down_blocks.0.downsamplers.0.conv'],
    ['middle_block_2_out_layers_3', 'mid_block.resnets.1.conv2'],
    ['middle_block_0_emb_layers_1', 'mid_block.resnets.0.time_emb_proj'],
    ['output_blocks_7_0_emb_layers_1', 'up_blocks.2.resnets.1.time_emb_proj'],
    ['output_blocks_2_2_conv', 'up_blocks.0.upsamplers.0.conv'],
    ['time_embed_0', 'time_embedding.linear_1'],
    ['label_emb_0_2', 'add_embedding.linear_2'],
    ['input_blocks_0_0', 'conv_in'],
    ['out_2', 'conv_out'],
    ['down_blocks_0_resnets_1_time_emb_proj', 'down_blocks.0.resnets.1.time_emb_proj'],
  ])('%s → %s', (flat, module) => {
    expect(kohyaModulePath(flat)).toBe(module);
  });
});

describe('parseLoraKey', () => {
  const module = 'down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q';
  it.each([
    [`unet.${module}.lora.down.weight`, 'diffusers', module, 'down'],
    [`unet.${module}.lora.up.weight`, 'diffusers', module, 'up'],
    ['down_blocks.1.attentions.0.transformer_blocks.0.attn1.processor.to_out_lora.up.weight', 'diffusers-attn-processor', 'down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0', 'up'],
    [`unet.${module}.lora_A.weight`, 'peft', module, 'down'],
    [`base_model.model.${module}.lora_B.default.weight`, 'peft', module, 'up'],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q.lora_down.weight', 'kohya', module, 'down'],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q.alpha', 'kohya', module, 'alpha'],
  ])('%s', (key, format, expectedModule, role) => {
    expect(parseLoraKey(key)).toEqual({ kind: 'weight', target: 'unet', format, module: expectedModule, role });
  });

  it('reads text-encoder keys of kohya and diffusers as the text encoders’ modules', () => {
    const q = 'text_model.encoder.layers.0.self_attn.q_proj';
    expect(parseLoraKey('lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight')).toEqual({ kind: 'weight', target: 'text_encoder', format: 'kohya', module: q, role: 'down' });
    expect(parseLoraKey('lora_te2_text_model_encoder_layers_11_mlp_fc2.alpha')).toEqual({ kind: 'weight', target: 'text_encoder_2', format: 'kohya', module: 'text_model.encoder.layers.11.mlp.fc2', role: 'alpha' });
    expect(parseLoraKey('lora_te_text_model_encoder_layers_3_self_attn_out_proj.lora_up.weight')).toMatchObject({ target: 'text_encoder', module: 'text_model.encoder.layers.3.self_attn.out_proj' });
    expect(parseLoraKey(`text_encoder_2.${q}.lora_A.weight`)).toEqual({ kind: 'weight', target: 'text_encoder_2', format: 'peft', module: q, role: 'down' });
    expect(parseLoraKey(`text_encoder.${q}.lora_linear_layer.up.weight`)).toEqual({ kind: 'weight', target: 'text_encoder', format: 'diffusers', module: q, role: 'up' });
  });

  it('recognises DoRA magnitudes and leaves unknown keys out, saying why', () => {
    expect(parseLoraKey('lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q.dora_scale')).toEqual({ kind: 'dora', module: 'lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q' });
    expect(parseLoraKey('unet.mid_block.attentions.0.proj_in.lora_magnitude_vector.default.weight').kind).toBe('dora');
    expect(parseLoraKey('some.random.tensor')).toEqual({ kind: 'ignored', reason: 'not a LoRA weight key of a known format' });
  });
});
