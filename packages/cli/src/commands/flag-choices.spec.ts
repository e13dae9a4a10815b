import { AUDIT_IDENTITY_CHOICES, CALIBRATION_IDENTITY_CHOICES, DEFAULT_GENERATE_SIZE, POSTER_DATASET_CHOICES } from './flag-choices.js';

// The help's copies of the libraries' lists: a model or dataset added to a library must be added here too.
// (Imported as the commands import them, when needed: the workspace lint refuses a static import of a lazily loaded library.)
describe('flag choices', () => {
  it('match the lists of the libraries that own them', async () => {
    const [{ POSTER_LABEL_ORDERS }, { IDENTITY_MODELS }, { CALIBRATION_IDENTITY_MODELS }, { DEFAULT_SIZE }] = await Promise.all([
      import('@geneava/face-analysis'),
      import('@geneava/pipeline/audit'),
      import('@geneava/pipeline/calibrate'),
      import('@geneava/pipeline/generate'),
    ]);
    expect(AUDIT_IDENTITY_CHOICES).toEqual(IDENTITY_MODELS);
    expect(CALIBRATION_IDENTITY_CHOICES).toEqual(CALIBRATION_IDENTITY_MODELS);
    expect(POSTER_DATASET_CHOICES).toEqual(Object.keys(POSTER_LABEL_ORDERS));
    expect(DEFAULT_GENERATE_SIZE).toBe(DEFAULT_SIZE);
  });
});
