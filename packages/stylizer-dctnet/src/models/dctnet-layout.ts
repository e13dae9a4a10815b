/**
 * The folder layout this project uses for one DCT-Net style: the head and background graphs converted
 * to ONNX from the published TF frozen graphs, and the head blend mask, all side by side.
 *
 *   <style>/cartoon_h.onnx    head graph      (older model revisions: cartoon_anime_h.onnx)
 *   <style>/cartoon_bg.onnx   background graph (older model revisions: cartoon_anime_bg.onnx)
 *   <style>/alpha.jpg         head blend mask, optional
 */
import type { DctnetGraph } from './contracts.js';

/** Accepted file names per graph, the current name first. */
export const DCTNET_GRAPH_FILES: Readonly<Record<DctnetGraph, readonly string[]>> = {
  head: ['cartoon_h.onnx', 'cartoon_anime_h.onnx'],
  background: ['cartoon_bg.onnx', 'cartoon_anime_bg.onnx'],
};

export const DCTNET_ALPHA_MASK_FILE = 'alpha.jpg';

export const DCTNET_GRAPHS: readonly DctnetGraph[] = ['head', 'background'];
