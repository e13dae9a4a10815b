import type { IdentitySetRecord } from '@geneava/core/dataset-format';
import type { DatasetItem } from './item.js';

/** The expression (and folder name) of a generated identity anchor: the face every member of its set starts from. */
export const ANCHOR_EXPRESSION = 'neutral';

/**
 * An item's place in an identity set (one identity shown with several expressions): the set's anchor
 * (a generated neutral face or a user's photo), or a member made from the anchor by image-to-image
 * with the member's expression in the prompt.
 */
export interface IdentitySetRole {
  /** The set's id, e.g. "idset-01"; every item of one set carries it. */
  readonly set: string;
  readonly role: 'anchor' | 'member';
  /** Members: the anchor item (its image is the init image, its fingerprint part of the member's). */
  readonly anchor?: DatasetItem;
  /** Members: the image-to-image strength (how much of the schedule runs from the anchor). */
  readonly strength?: number;
}

export function identitySetRecord(role: IdentitySetRole): IdentitySetRecord {
  return {
    set: role.set,
    role: role.role,
    ...(role.anchor ? { anchor: role.anchor.id } : {}),
    ...(role.strength !== undefined ? { strength: role.strength } : {}),
  };
}
