/**
 * How far a labelled set is from balance: counts per expression x gender x race x age group cell, against
 * the balanced target of total / cells, and the share of each value of each axis against an even share.
 * The cells are every combination of the taxonomy's values (or of a declared scope, e.g. the expressions
 * a plan was made for), so a category with no items is a cell with 0 and the set is not balanced; values
 * outside the taxonomy that the items carry are counted too.
 */
import { AGE_GROUP_IDS, EXPRESSION_LIST, GENDER_IDS, RACE_IDS } from '@geneava/core/taxonomy';
import { BALANCE_AXES, type BalanceAxis, type BalanceItem } from './balance-items.js';

/** Taxonomy order of each axis; values outside the taxonomy follow, sorted. */
const KNOWN_ORDER: Readonly<Record<BalanceAxis, readonly string[]>> = {
  expression: EXPRESSION_LIST.map((e) => e.name),
  gender: GENDER_IDS,
  race: RACE_IDS,
  ageGroup: AGE_GROUP_IDS,
};

export interface BalanceCell {
  readonly expression: string;
  readonly gender: string;
  readonly race: string;
  readonly ageGroup: string;
  readonly count: number;
}

export interface MarginalShare {
  readonly value: string;
  readonly count: number;
  readonly share: number;
  /** 1 / (values on the axis). */
  readonly evenShare: number;
  /** share - evenShare. */
  readonly deviation: number;
}

export interface BalanceSummary {
  readonly cells: number;
  /** counted / cells: the count every cell would have in a balanced set. */
  readonly target: number;
  readonly min: number;
  readonly max: number;
  readonly emptyCells: number;
  /** Cells at least one item away from the target. */
  readonly offTarget: number;
  /** Largest |count - target|. */
  readonly maxDeviation: number;
  /** Half the sum of |cell share - 1/cells|: the share of items that would have to move to balance the set (0 balanced). */
  readonly totalVariation: number;
  /** Standard deviation of the cell counts over their mean (0 balanced). */
  readonly coefficientOfVariation: number;
}

/** The values each axis is expected to cover; an axis left out covers its whole taxonomy. */
export type BalanceScope = Partial<Readonly<Record<BalanceAxis, readonly string[]>>>;

export interface BalanceVerdict {
  /** Every expected cell has items and none is a whole item away from the target. */
  readonly balanced: boolean;
  /** Why not, one line each (empty when balanced). */
  readonly reasons: readonly string[];
  /** Per axis, the expected values without any item. */
  readonly missingValues: Readonly<Record<BalanceAxis, readonly string[]>>;
}

export interface BalanceCounts {
  /** Items counted: those with every label (and, in a dataset with statuses, kept). */
  readonly counted: number;
  /** Items left out by their curation status, by status. */
  readonly excludedByStatus: Readonly<Record<string, number>>;
  /** Items missing a label, with the labels they lack. */
  readonly unlabelled: readonly { readonly id: string; readonly missing: readonly BalanceAxis[] }[];
  /** The values of each axis the cells span: the scope (default the taxonomy), then other values seen. */
  readonly levels: Readonly<Record<BalanceAxis, readonly string[]>>;
  /** Where each axis's expected values came from. */
  readonly scope: Readonly<Record<BalanceAxis, 'taxonomy' | 'declared'>>;
  readonly cells: readonly BalanceCell[];
  readonly verdict: BalanceVerdict;
  readonly summary: BalanceSummary;
  readonly marginals: Readonly<Record<BalanceAxis, readonly MarginalShare[]>>;
}

/** Items a balance audit counts: all of a plan; of a dataset whose rows carry a status, the kept ones. */
export function countedStatus(items: readonly BalanceItem[]): (item: BalanceItem) => boolean {
  const hasStatus = items.some((item) => item.status !== undefined);
  return (item) => !hasStatus || item.status === 'kept';
}

/** The expected values (taxonomy order), then the values seen outside them, sorted. */
function levelsOf(axis: BalanceAxis, expected: readonly string[], values: Iterable<string>): string[] {
  const seen = new Set(values);
  const inExpected = KNOWN_ORDER[axis].filter((value) => expected.includes(value));
  const declaredOther = expected.filter((value) => !KNOWN_ORDER[axis].includes(value));
  const listed = [...inExpected, ...declaredOther];
  const other = [...seen].filter((value) => !listed.includes(value)).sort();
  return [...listed, ...other];
}

export function balanceCounts(items: readonly BalanceItem[], scope: BalanceScope = {}): BalanceCounts {
  for (const axis of Object.keys(scope)) {
    if (!(BALANCE_AXES as readonly string[]).includes(axis)) throw new RangeError(`balance scope: unknown axis "${axis}" (axes: ${BALANCE_AXES.join(', ')})`);
    if ((scope[axis as BalanceAxis] ?? []).length === 0) throw new RangeError(`balance scope: ${axis} lists no values`);
  }
  const counts = countedStatus(items);
  const excludedByStatus: Record<string, number> = {};
  const unlabelled: { id: string; missing: BalanceAxis[] }[] = [];
  const labelled: BalanceItem[] = [];
  for (const item of items) {
    if (!counts(item)) {
      excludedByStatus[item.status ?? 'none'] = (excludedByStatus[item.status ?? 'none'] ?? 0) + 1;
      continue;
    }
    const missing = BALANCE_AXES.filter((axis) => item[axis] === undefined);
    if (missing.length > 0) unlabelled.push({ id: item.id, missing });
    else labelled.push(item);
  }

  const levels = Object.fromEntries(
    BALANCE_AXES.map((axis) => [axis, levelsOf(axis, scope[axis] ?? KNOWN_ORDER[axis], labelled.map((item) => item[axis]!))]),
  ) as Record<BalanceAxis, string[]>;
  const byCell = new Map<string, number>();
  for (const item of labelled) {
    const key = BALANCE_AXES.map((axis) => item[axis]).join('\u0000');
    byCell.set(key, (byCell.get(key) ?? 0) + 1);
  }
  const cells: BalanceCell[] = [];
  for (const expression of levels.expression)
    for (const gender of levels.gender)
      for (const race of levels.race)
        for (const ageGroup of levels.ageGroup) {
          cells.push({ expression, gender, race, ageGroup, count: byCell.get([expression, gender, race, ageGroup].join('\u0000')) ?? 0 });
        }

  const marginals = Object.fromEntries(
    BALANCE_AXES.map((axis) => {
      const even = levels[axis].length > 0 ? 1 / levels[axis].length : 0;
      return [
        axis,
        levels[axis].map((value) => {
          const count = labelled.filter((item) => item[axis] === value).length;
          const share = labelled.length > 0 ? count / labelled.length : 0;
          return { value, count, share, evenShare: even, deviation: share - even };
        }),
      ];
    }),
  ) as Record<BalanceAxis, MarginalShare[]>;

  const summary = summarize(cells.map((c) => c.count));
  const scopeKinds = Object.fromEntries(BALANCE_AXES.map((axis) => [axis, scope[axis] ? 'declared' : 'taxonomy'])) as Record<BalanceAxis, 'taxonomy' | 'declared'>;
  return { counted: labelled.length, excludedByStatus, unlabelled, levels, scope: scopeKinds, cells, verdict: verdictOf(marginals, summary), summary, marginals };
}

function verdictOf(marginals: Readonly<Record<BalanceAxis, readonly MarginalShare[]>>, summary: BalanceSummary): BalanceVerdict {
  const missingValues = Object.fromEntries(BALANCE_AXES.map((axis) => [axis, marginals[axis].filter((m) => m.count === 0).map((m) => m.value)])) as Record<BalanceAxis, string[]>;
  const reasons: string[] = [];
  for (const axis of BALANCE_AXES) {
    const missing = missingValues[axis];
    if (missing.length === 0) continue;
    const shown = missing.length > 8 ? `${missing.slice(0, 8).join(', ')}, ...` : missing.join(', ');
    reasons.push(`${axis}: ${missing.length} of ${marginals[axis].length} values have no items (${shown})`);
  }
  if (summary.cells === 0) reasons.push('no labelled items');
  else {
    if (summary.emptyCells > 0) reasons.push(`${summary.emptyCells} of ${summary.cells} cells are empty`);
    const offButFilled = summary.offTarget - (summary.target >= 1 ? summary.emptyCells : 0);
    if (offButFilled > 0) reasons.push(`${offButFilled} non-empty cells are at least one item away from the target ${Math.round(summary.target * 1000) / 1000}`);
  }
  return { balanced: reasons.length === 0, reasons, missingValues };
}

function summarize(counts: readonly number[]): BalanceSummary {
  const cells = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  if (cells === 0) return { cells: 0, target: 0, min: 0, max: 0, emptyCells: 0, offTarget: 0, maxDeviation: 0, totalVariation: 0, coefficientOfVariation: 0 };
  const target = total / cells;
  const sd = Math.sqrt(counts.reduce((s, c) => s + (c - target) ** 2, 0) / cells);
  return {
    cells,
    target,
    min: counts.reduce((a, b) => Math.min(a, b)),
    max: counts.reduce((a, b) => Math.max(a, b)),
    emptyCells: counts.filter((c) => c === 0).length,
    offTarget: counts.filter((c) => Math.abs(c - target) >= 1).length,
    maxDeviation: counts.reduce((m, c) => Math.max(m, Math.abs(c - target)), 0),
    totalVariation: total > 0 ? counts.reduce((s, c) => s + Math.abs(c / total - 1 / cells), 0) / 2 : 0,
    coefficientOfVariation: target > 0 ? sd / target : 0,
  };
}
