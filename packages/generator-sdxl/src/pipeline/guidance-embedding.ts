/**
 * The UNet input `timestep_cond` of guidance-distilled UNets (time_cond_proj_dim set, e.g. LCM-SDXL):
 * diffusers' get_guidance_scale_embedding(w = guidance − 1), a sinusoidal embedding of 1000·w:
 *   f_j = exp(−j · ln(10000) / (d/2 − 1)), j < d/2;  emb = [sin(1000·w·f_j)…, cos(1000·w·f_j)…] (+ a 0 when d is odd).
 * Such a UNet takes the guidance through this input, so the pipeline runs it without classifier-free
 * guidance (one row per image), as diffusers does when time_cond_proj_dim is set.
 */
export function guidanceScaleEmbedding(guidance: number, dim: number): Float32Array {
  if (!Number.isInteger(dim) || dim < 4) throw new RangeError(`timestep_cond size must be a whole number of at least 4, got ${dim}`);
  const half = Math.floor(dim / 2);
  // float32 throughout, as the torch code computes it.
  const w = Math.fround((guidance - 1) * 1000);
  const step = Math.fround(Math.fround(Math.log(10000)) / (half - 1));
  const out = new Float32Array(dim);
  for (let j = 0; j < half; j++) {
    const angle = Math.fround(w * Math.fround(Math.exp(Math.fround(-j * step))));
    out[j] = Math.sin(angle);
    out[half + j] = Math.cos(angle);
  }
  return out;
}
