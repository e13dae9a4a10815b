/**
 * The demographic axes a balanced plan covers: 2 genders x 7 races x 7 age groups = 98 cells, which is
 * GenEAva 1.0's 98 images per expression.
 *
 * Races are the seven FairFace categories the paper names. The paper says ages run "from teenagers to
 * elderly individuals" but does not list its groups; the seven groups below are this project's choice
 * (decade bins from the teens to 70+, FairFace-style), written into docs/decisions.md.
 */
export const GENDERS = [
  { id: 'female', adult: 'woman', young: 'girl' },
  { id: 'male', adult: 'man', young: 'boy' },
] as const;
export type GenderId = (typeof GENDERS)[number]['id'];

export const RACES = [
  { id: 'white', label: 'White', fairface: 'White' },
  { id: 'black', label: 'Black', fairface: 'Black' },
  { id: 'indian', label: 'Indian', fairface: 'Indian' },
  { id: 'east-asian', label: 'East Asian', fairface: 'East Asian' },
  { id: 'southeast-asian', label: 'Southeast Asian', fairface: 'Southeast Asian' },
  { id: 'middle-eastern', label: 'Middle Eastern', fairface: 'Middle Eastern' },
  { id: 'latino-hispanic', label: 'Latino', fairface: 'Latino_Hispanic' },
] as const;
export type RaceId = (typeof RACES)[number]['id'];

/** `young` selects the gender noun (girl/boy instead of woman/man) for the teenage group. */
export const AGE_GROUPS = [
  { id: 'teen', label: 'teenage', minAge: 13, maxAge: 19, young: true },
  { id: '20s', label: 'young adult', minAge: 20, maxAge: 29, young: false },
  { id: '30s', label: 'thirty-something', minAge: 30, maxAge: 39, young: false },
  { id: '40s', label: 'middle-aged', minAge: 40, maxAge: 49, young: false },
  { id: '50s', label: 'fifty-something', minAge: 50, maxAge: 59, young: false },
  { id: '60s', label: 'senior', minAge: 60, maxAge: 69, young: false },
  { id: '70plus', label: 'elderly', minAge: 70, maxAge: null, young: false },
] as const;
export type AgeGroupId = (typeof AGE_GROUPS)[number]['id'];

export const GENDER_IDS: readonly GenderId[] = GENDERS.map((g) => g.id);
export const RACE_IDS: readonly RaceId[] = RACES.map((r) => r.id);
export const AGE_GROUP_IDS: readonly AgeGroupId[] = AGE_GROUPS.map((a) => a.id);

export function genderById(id: GenderId): (typeof GENDERS)[number] {
  return GENDERS.find((g) => g.id === id)!;
}
export function raceById(id: RaceId): (typeof RACES)[number] {
  return RACES.find((r) => r.id === id)!;
}
export function ageGroupById(id: AgeGroupId): (typeof AGE_GROUPS)[number] {
  return AGE_GROUPS.find((a) => a.id === id)!;
}
