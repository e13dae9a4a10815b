import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoSource, findDemoPhotos } from './demo.js';

const packageDemo = realpathSync(resolve(__dirname, '..', '..', 'demo'));

describe('demo photos', () => {
  let elsewhere: string;
  beforeEach(() => {
    elsewhere = mkdtempSync(join(tmpdir(), 'demo-cwd-'));
  });
  afterEach(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('come from the demo/ folder of the pipeline package itself, whatever the working directory', async () => {
    expect(findDemoPhotos(elsewhere)).toBe(packageDemo);
    const source = await demoSource(elsewhere, 1.6);
    expect(source.photos.map((photo) => photo.file).sort()).toEqual(
      ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg'],
    );
  });

  it('the package ships the six photos with their licence notice', () => {
    expect(readdirSync(packageDemo).sort()).toEqual(['NOTICE.md', 'sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg']);
  });

  it('says what to do when the pipeline package cannot be found from the script or the working directory', () => {
    const script = process.argv[1];
    process.argv[1] = join(elsewhere, 'geneava.js');
    try {
      expect(() => findDemoPhotos(elsewhere)).toThrow(
        `--demo needs the sample photos in the demo/ folder of @geneava/pipeline, which was not found from ${elsewhere}; reinstall @geneava/pipeline, or give your own photos with --source DIR`,
      );
    } finally {
      process.argv[1] = script as string;
    }
  });
});
