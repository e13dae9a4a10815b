/**
 * How pixels become the network input: value = (pixel - mean) / std per channel, in `colour` order.
 * Each optional model's convention sits in its folder beside its IO contract (scrfd/, retinaface/,
 * arcface/, poster/).
 */
export interface InputConvention {
  readonly layout: 'NCHW' | 'NHWC';
  readonly colour: 'rgb' | 'bgr';
  /** Pixel values before normalisation: 0..255, or 0..1 when the exporter's pipeline divides by 255 first. */
  readonly pixelRange: readonly [number, number];
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  /** Square network input size, when fixed. */
  readonly size?: number;
}
