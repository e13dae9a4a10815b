/**
 * `nx run stylizer-classic:bench` (or `npm run bench` at the root): images per second at 512x512, one
 * image at a time, next to two baselines measured in the same process, so the ratios hold on any machine.
 * Prints a report; times nothing in tests.
 */
import { cpus } from 'node:os';
import { benchPortrait, formatThroughputReport, measureThroughput, naiveBilateral, sharpRoundTrip } from '@geneava/testing';
import { ClassicStylizer } from '../src/index.js';

async function main(): Promise<void> {
  const image = benchPortrait(512);
  const side = 256;
  const face = { box: { x: 256 - side / 2, y: 256 - side / 2, width: side, height: side }, score: 1, points5: [[215, 236], [297, 236], [256, 282], [222, 326], [290, 326]] as const };
  const baselines = [
    await measureThroughput('sharp resize 512->256->512', () => sharpRoundTrip(image)),
    await measureThroughput('naive 2-D bilateral (1 pass, r=3)', () => naiveBilateral(image)),
  ];
  const classic = new ClassicStylizer();
  const measured = [
    await measureThroughput('classic, defaults', () => classic.stylize({ id: 'bench', image })),
    await measureThroughput('classic, defaults, one face given', () => classic.stylize({ id: 'bench', image, faces: [face] })),
    await measureThroughput('classic, 1 smoothing pass, radius 2', () => new ClassicStylizer({ smoothingPasses: 1, radius: 2 }).stylize({ id: 'bench', image })),
  ];
  const title = `stylizer-classic, 512x512 RGB, one image at a time (node ${process.version}, ${cpus().length} cores; the issue's target is 20 img/s)`;
  process.stdout.write(formatThroughputReport(title, baselines, measured));
}

main().catch((error: unknown) => {
  process.stderr.write(`stylizer-classic bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
