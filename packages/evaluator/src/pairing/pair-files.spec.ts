import { pairImages, stripExtension } from './pair-files.js';

describe('pairImages', () => {
  it('pairs the same relative path whatever the extension, ids without extension', () => {
    const result = pairImages(['joy/1.jpg', 'joy/2.jpg', 'sad/1.jpg'], ['joy/1.png', 'joy/2.webp', 'sad/1.png']);
    expect(result.pairs).toEqual([
      { id: 'joy/1', real: 'joy/1.jpg', avatar: 'joy/1.png' },
      { id: 'joy/2', real: 'joy/2.jpg', avatar: 'joy/2.webp' },
      { id: 'sad/1', real: 'sad/1.jpg', avatar: 'sad/1.png' },
    ]);
    expect(result.unpaired).toEqual([]);
  });

  it('falls back to unique file names across different folder layouts', () => {
    const result = pairImages(['joy/0001.jpg', 'anger/0002.jpg'], ['classic/0001.png', '0002.png']);
    expect(result.pairs).toEqual([
      { id: 'anger/0002', real: 'anger/0002.jpg', avatar: '0002.png' },
      { id: 'joy/0001', real: 'joy/0001.jpg', avatar: 'classic/0001.png' },
    ]);
  });

  it('lists files without a partner and files whose name is ambiguous, with reasons', () => {
    const result = pairImages(
      ['a.jpg', 'a.png', 'joy/1.jpg', 'sad/1.jpg', 'lonely.jpg', 'ok.jpg'],
      ['flat/1.png', 'ok.png', 'extra.png'],
    );
    expect(result.pairs).toEqual([{ id: 'ok', real: 'ok.jpg', avatar: 'ok.png' }]);
    expect(result.unpaired).toEqual([
      { side: 'avatar', path: 'extra.png', reason: 'no real image named extra' },
      { side: 'avatar', path: 'flat/1.png', reason: 'ambiguous: 2 real and 1 avatar files are named 1; keep the same sub-folders on both sides' },
      { side: 'real', path: 'a.jpg', reason: 'ambiguous: a.jpg, a.png differ only in extension' },
      { side: 'real', path: 'a.png', reason: 'ambiguous: a.jpg, a.png differ only in extension' },
      { side: 'real', path: 'joy/1.jpg', reason: 'ambiguous: 2 real and 1 avatar files are named 1; keep the same sub-folders on both sides' },
      { side: 'real', path: 'lonely.jpg', reason: 'no avatar named lonely' },
      { side: 'real', path: 'sad/1.jpg', reason: 'ambiguous: 2 real and 1 avatar files are named 1; keep the same sub-folders on both sides' },
    ]);
  });

  it('strips only a real extension', () => {
    expect(stripExtension('joy/a.b.jpg')).toBe('joy/a.b');
    expect(stripExtension('dir.v2/file')).toBe('dir.v2/file');
    expect(stripExtension('.hidden')).toBe('.hidden');
  });
});
