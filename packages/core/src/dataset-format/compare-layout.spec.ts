import { compareAvatarFolders } from './compare-layout.js';

describe('compareAvatarFolders', () => {
  it('makes each stylizer name a safe folder name, distinct even on case-insensitive file systems', () => {
    expect([...compareAvatarFolders(['classic', 'onnx:anime', 'Onnx_anime', '..', 'onnx:anime!']).entries()]).toEqual([
      ['classic', 'classic'],
      ['onnx:anime', 'onnx_anime'],
      ['Onnx_anime', 'Onnx_anime-2'],
      ['..', '_..'],
      ['onnx:anime!', 'onnx_anime_'],
    ]);
  });
});
