/** Argument checks shared by the schedulers, so a wrong call fails with a message instead of NaNs. */

export function requireTimesteps(timesteps: readonly number[], className: string): void {
  if (timesteps.length === 0) throw new Error(`${className}: call setTimesteps(n) before sampling`);
}

export function checkStepIndex(stepIndex: number, timesteps: readonly number[], className: string): void {
  requireTimesteps(timesteps, className);
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= timesteps.length) {
    throw new RangeError(`${className}: step index must be in 0..${timesteps.length - 1} (got ${stepIndex})`);
  }
}

export function checkSameLength(modelOutput: Float32Array, sample: Float32Array, className: string): void {
  if (modelOutput.length !== sample.length) {
    throw new RangeError(`${className}: model output has ${modelOutput.length} values but the sample has ${sample.length}`);
  }
}

export function checkTarget(into: Float32Array, sample: Float32Array, className: string): void {
  if (into.length !== sample.length) {
    throw new RangeError(`${className}: the output buffer has ${into.length} values but the sample has ${sample.length}`);
  }
}

/** x + σ·n, or a·x + b·n in general: every add_noise is this element-wise blend. */
export function blendNoise(original: Float32Array, noise: Float32Array, originalScale: number, noiseScale: number, className: string): Float32Array {
  if (noise.length !== original.length) {
    throw new RangeError(`${className}: noise has ${noise.length} values but the sample has ${original.length}`);
  }
  const out = new Float32Array(original.length);
  for (let i = 0; i < out.length; i++) out[i] = originalScale * original[i]! + noiseScale * noise[i]!;
  return out;
}
