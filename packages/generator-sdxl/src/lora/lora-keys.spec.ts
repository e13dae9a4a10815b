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
    expect(parseLoraKey(key)).toEqual({ kind: 'unet', format, module: expectedModule, role });
  });

  it('leaves text-encoder parts and unknown keys out, saying why', () => {
    expect(parseLoraKey('lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight')).toEqual({ kind: 'ignored', reason: 'text-encoder LoRA (only the UNet is patched)' });
    expect(parseLoraKey('text_encoder_2.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight').kind).toBe('ignored');
    expect(parseLoraKey('some.random.tensor')).toEqual({ kind: 'ignored', reason: 'not a LoRA weight key of a known format' });
  });
});
