/**
 * Reads what each key of a LoRA state dict stands for. Formats (see the LoRA section of the SDXL
 * reference):
 * - diffusers:   unet.<module>.lora.down.weight / .lora.up.weight (no alpha: alpha = rank)
 * - attention processors (older diffusers): <block>.processor.to_q_lora.down.weight, to_out_lora → to_out.0
 * - PEFT:        [unet.|base_model.model.]<module>.lora_A[.<adapter>].weight / lora_B
 * - kohya:       lora_unet_<flat path>.lora_down.weight / .lora_up.weight / .alpha (SDXL sgm names too)
 * Each key names the model it adapts: the UNet, or a text encoder (kohya lora_te1_ / lora_te2_ /
 * lora_te_, diffusers text_encoder. / text_encoder_2.). DoRA magnitudes (dora_scale,
 * lora_magnitude_vector) are recognised so the adapter can refuse them instead of dropping them.
 */
import { kohyaModulePath, kohyaToDottedPath } from './kohya-names.js';

export type LoraFormat = 'diffusers' | 'diffusers-attn-processor' | 'peft' | 'kohya';
export type LoraRole = 'down' | 'up' | 'alpha';
/** The model a LoRA key adapts. */
export type LoraTarget = 'unet' | 'text_encoder' | 'text_encoder_2';
export const LORA_TARGETS: readonly LoraTarget[] = ['unet', 'text_encoder', 'text_encoder_2'];

export type ParsedLoraKey =
  | { readonly kind: 'weight'; readonly target: LoraTarget; readonly format: LoraFormat; readonly module: string; readonly role: LoraRole }
  | { readonly kind: 'dora'; readonly module: string }
  | { readonly kind: 'ignored'; readonly reason: string };

const KOHYA = /^lora_(unet|te1|te2|te)_(.+)\.(lora_down\.weight|lora_up\.weight|alpha)$/;
const KOHYA_TARGET: Readonly<Record<string, LoraTarget>> = { unet: 'unet', te: 'text_encoder', te1: 'text_encoder', te2: 'text_encoder_2' };
const DORA = /^(.+)\.(dora_scale|lora_magnitude_vector(\.[^.]+)?(\.weight)?)$/;

/** The target a diffusers/PEFT key names by its prefix, and the rest of the key. */
function splitTarget(key: string): { target: LoraTarget; path: string } {
  const path = key.replace(/^base_model\.model\./, '');
  const te = /^(text_encoder_2|text_encoder)\.(.+)$/.exec(path);
  if (te) return { target: te[1] as LoraTarget, path: te[2]! };
  return { target: 'unet', path: path.replace(/^unet\./, '') };
}

export function parseLoraKey(key: string): ParsedLoraKey {
  const dora = DORA.exec(key);
  if (dora) return { kind: 'dora', module: dora[1]! };

  const kohya = KOHYA.exec(key);
  if (kohya) {
    const role: LoraRole = kohya[3] === 'alpha' ? 'alpha' : kohya[3] === 'lora_down.weight' ? 'down' : 'up';
    const target = KOHYA_TARGET[kohya[1]!]!;
    const module = target === 'unet' ? kohyaModulePath(kohya[2]!) : kohyaToDottedPath(kohya[2]!);
    return { kind: 'weight', target, format: 'kohya', module, role };
  }

  const { target, path } = splitTarget(key);
  const processor = /^(.+)\.processor\.(to_q|to_k|to_v|to_out)_lora\.(down|up)\.weight$/.exec(path);
  if (processor) {
    const projection = processor[2] === 'to_out' ? 'to_out.0' : processor[2]!;
    return { kind: 'weight', target, format: 'diffusers-attn-processor', module: `${processor[1]}.${projection}`, role: processor[3] as LoraRole };
  }
  const diffusers = /^(.+)\.lora(?:_linear_layer)?\.(down|up)\.weight$/.exec(path);
  if (diffusers) return { kind: 'weight', target, format: 'diffusers', module: diffusers[1]!, role: diffusers[2] as LoraRole };
  const peft = /^(.+)\.lora_(A|B)(\.[^.]+)?\.weight$/.exec(path);
  if (peft) return { kind: 'weight', target, format: 'peft', module: peft[1]!, role: peft[2] === 'A' ? 'down' : 'up' };
  // diffusers files converted from kohya keep the alpha next to the pair.
  const alpha = /^(.+)\.alpha$/.exec(path);
  if (alpha) return { kind: 'weight', target, format: 'diffusers', module: alpha[1]!, role: 'alpha' };
  return { kind: 'ignored', reason: 'not a LoRA weight key of a known format' };
}
