/**
 * The choices and defaults the commands' flags show in their help. The libraries that own them load
 * the evaluator, face analysis or the generator, which a command loads only when it runs, so the
 * lists are repeated here; flag-choices.spec.ts checks each against its library's own.
 */
import type { IdentityModel } from '@geneava/pipeline/audit';
import type { CalibrationIdentityModel } from '@geneava/pipeline/calibrate';
import type { PosterDataset } from '@geneava/face-analysis';

/** `audit memorization --identity`: @geneava/pipeline/audit's IDENTITY_MODELS. */
export const AUDIT_IDENTITY_CHOICES: readonly IdentityModel[] = ['mobileface', 'arcface'];

/** `calibrate identity --identity`: @geneava/pipeline/calibrate's CALIBRATION_IDENTITY_MODELS. */
export const CALIBRATION_IDENTITY_CHOICES: readonly CalibrationIdentityModel[] = ['mobileface', 'faceres', 'arcface'];

/** `audit reference --poster-dataset`: the keys of @geneava/face-analysis's POSTER_LABEL_ORDERS. */
export const POSTER_DATASET_CHOICES: readonly PosterDataset[] = ['rafdb', 'affectnet', 'affectnet8class'];

/** `generate --size`: @geneava/pipeline/generate's DEFAULT_SIZE. */
export const DEFAULT_GENERATE_SIZE = 1024;
