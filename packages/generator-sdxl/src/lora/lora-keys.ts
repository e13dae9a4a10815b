/**
 * Reads what each key of a LoRA state dict stands for. Formats (see the LoRA section of the SDXL
 * reference):
 * - diffusers:   unet.<module>.lora.down.weight / .lora.up.weight (no alpha: alpha = rank)
 * - attention processors (older diffusers): <block>.processor.to_q_lora.down.weight, to_out_lora → to_out.0
 * - PEFT:        [unet.|base_model.model.]<module>.lora_A[.<adapter>].weight / lora_B
 * - kohya:       lora_unet_<flat path>.lora_down.weight / .lora_up.weight / .alpha (SDXL sgm names too)
 * Text-encoder parts are recognised and left out: this generator patches the UNet only.
 */
import { kohyaModulePath } from './kohya-names.js';

export type LoraFormat = 'diffusers' | 'diffusers-attn-processor' | 'peft' | 'kohya';
export type LoraRole = 'down' | 'up' | 'alpha';

export type ParsedLoraKey =
  | { readonly kind: 'unet'; readonly format: LoraFormat; readonly module: string; readonly role: LoraRole }
  | { readonly kind: 'ignored'; readonly reason: string };

const TEXT_ENCODER = /^(lora_te\d?_|text_encoder(_2)?\.|te\d?\.|text_model\.)/;

export function parseLoraKey(key: string): ParsedLoraKey {
  if (TEXT_ENCODER.test(key)) return { kind: 'ignored', reason: 'text-encoder LoRA (only the UNet is patched)' };
  if (/\.(dora_scale|lora_magnitude_vector)/.test(key)) return { kind: 'ignored', reason: 'DoRA magnitude (not supported)' };

  const kohya = /^lora_unet_(.+)\.(lora_down\.weight|lora_up\.weight|alpha)$/.exec(key);
  if (kohya) {
    const role: LoraRole = kohya[2] === 'alpha' ? 'alpha' : kohya[2] === 'lora_down.weight' ? 'down' : 'up';
    return { kind: 'unet', format: 'kohya', module: kohyaModulePath(kohya[1]!), role };
  }

  const path = key.replace(/^base_model\.model\./, '').replace(/^unet\./, '');
  const processor = /^(.+)\.processor\.(to_q|to_k|to_v|to_out)_lora\.(down|up)\.weight$/.exec(path);
  if (processor) {
    const projection = processor[2] === 'to_out' ? 'to_out.0' : processor[2]!;
    return { kind: 'unet', format: 'diffusers-attn-processor', module: `${processor[1]}.${projection}`, role: processor[3] as LoraRole };
  }
  const diffusers = /^(.+)\.lora\.(down|up)\.weight$/.exec(path);
  if (diffusers) return { kind: 'unet', format: 'diffusers', module: diffusers[1]!, role: diffusers[2] as LoraRole };
  const peft = /^(.+)\.lora_(A|B)(\.[^.]+)?\.weight$/.exec(path);
  if (peft) return { kind: 'unet', format: 'peft', module: peft[1]!, role: peft[2] === 'A' ? 'down' : 'up' };
  // diffusers files converted from kohya keep the alpha next to the pair.
  const alpha = /^(.+)\.alpha$/.exec(path);
  if (alpha) return { kind: 'unet', format: 'diffusers', module: alpha[1]!, role: 'alpha' };
  return { kind: 'ignored', reason: 'not a LoRA weight key of a known format' };
}
