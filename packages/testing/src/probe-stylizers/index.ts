export { BlurStylizer } from './blur-stylizer.js';
export { FacePaintStylizer } from './face-paint-stylizer.js';
export { FrameStylizer } from './frame-stylizer.js';
export { NoiseStylizer } from './noise-stylizer.js';
export { ProbeStylizer } from './probe-stylizer.js';
export { UnchangedStylizer } from './unchanged-stylizer.js';
