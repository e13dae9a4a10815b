export { BlurStylizer } from './blur-stylizer.js';
export { FacePaintStylizer } from './face-paint-stylizer.js';
export { ProbeStylizer } from './probe-stylizer.js';
export { UnchangedStylizer } from './unchanged-stylizer.js';
