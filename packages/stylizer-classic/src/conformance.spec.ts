import { describeStylizerConformance } from '@geneava/testing';
import { ClassicStylizer } from './classic-stylizer.js';

// The shared stylizer contract: sizes, determinism, face outcomes, geometry, files and disposal.
describeStylizerConformance('classic (default options)', () => new ClassicStylizer());
describeStylizerConformance('classic (rgb quantisation, thick lines, no face detail)', () =>
  new ClassicStylizer({ quantize: 'rgb', edgeDilate: true, faceDetail: false, levels: 5 }),
);
