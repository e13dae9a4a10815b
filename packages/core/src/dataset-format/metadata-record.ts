import type { Box } from '../contracts/image.js';

/*
 * The records of a built dataset's metadata.jsonl, as every reader of a dataset folder sees them: the
 * dataset build (@geneava/pipeline) writes them, the human-study tools and the evaluator's identity-set
 * report read them. They live in core so that readers in every layer share the writer's types.
 */

/** Where a source item's pixels come from: a photo, or one face cropped out of it. */
export interface ItemSource {
  /** The photo, relative to the source folder, with forward slashes. */
  readonly file: string;
  /** With split faces: the crop of the photo this item is, and the face's index in the photo's detections. */
  readonly crop?: Box;
  readonly face?: number;
  /** Why the photo gives no image for this item (split faces: none detected, or the photo could not be read): the item fails with it. */
  readonly unusable?: string;
}

export type Provenance = Readonly<Record<string, string | number | boolean>>;

export type FilterRule = 'one-face' | 'inside-frame' | 'not-too-close';

/** Why an image passed or failed, with the numbers the decision was made on. */
export interface FilterOutcome {
  readonly passed: boolean;
  /** The first rule that failed. */
  readonly rule?: FilterRule;
  readonly reason?: string;
  readonly faces: number;
  /** The face box's larger side over the frame's matching side (one face only). */
  readonly faceFraction?: number;
  /** The smallest gap between the box and an edge, as a fraction of that edge's frame side (one face only; negative when outside). */
  readonly edgeGap?: number;
}

/** The nearest reference face of a real face (memorization screen). */
export interface MemorizationResult {
  readonly model: string;
  readonly similarity: number;
  /** The reference set and the face in it. */
  readonly reference: string;
  readonly nearest: string;
}

export type ItemStatus = 'kept' | 'dropped' | 'failed';

/** What metadata records about an item's identity set: the anchor by id. */
export interface IdentitySetRecord {
  readonly set: string;
  readonly role: 'anchor' | 'member';
  readonly anchor?: string;
  readonly strength?: number;
}

/** One avatar of an item in the metadata. */
export interface AvatarRecord {
  /** ok: stylized and evaluated; failed: a stage threw (see reason); not-run: the item was dropped before. */
  readonly status: 'ok' | 'failed' | 'not-run';
  readonly file?: string;
  /** The stylizer's outcome: stylized, no-face or whole-image. */
  readonly outcome?: string;
  readonly facesStylized?: number;
  /** Every pair metric, keyed "<metric>" or "<metric>[<model>]". */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Whether the avatar passed the curation thresholds, and if not why. */
  readonly kept?: boolean;
  readonly reasons?: readonly string[];
  /** Why a stage failed. */
  readonly reason?: string;
  readonly notes?: readonly string[];
}

/** One line of metadata.jsonl (and row of metadata.csv): everything known about one item. */
export interface MetadataRecord {
  readonly id: string;
  readonly expression: string;
  readonly family?: string;
  readonly gender?: string;
  readonly race?: string;
  readonly ageGroup?: string;
  readonly prompt?: string;
  readonly negativePrompt?: string;
  readonly seed?: number;
  readonly source?: ItemSource;
  readonly status: ItemStatus;
  /** Why the item was dropped or failed (empty when kept). */
  readonly reasons: readonly string[];
  /** The real image, relative to the dataset folder. */
  readonly image?: string;
  readonly width?: number;
  readonly height?: number;
  /** Generator and model hashes (generated items), or the photo and its hash (source items). */
  readonly provenance?: Provenance;
  readonly filter?: FilterOutcome;
  readonly memorization?: MemorizationResult;
  readonly avatars: Readonly<Record<string, AvatarRecord>>;
  /** Identity-set runs: the item's set, its role (anchor or member), and for members the anchor's id and the strength. */
  readonly identitySet?: IdentitySetRecord;
  /** The fingerprint of every done stage ("image", "faces", "stylize:<name>"...): a hash of all the inputs its output was made from. */
  readonly fingerprints?: Readonly<Record<string, string>>;
}
