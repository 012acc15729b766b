/** Party colours offered by default: distinct, legible on light and dark backgrounds. */
export const PARTY_PALETTE = [
  '#2563eb',
  '#c2410c',
  '#15803d',
  '#7c3aed',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
] as const;

export function defaultPartyColour(index: number): string {
  return PARTY_PALETTE[index % PARTY_PALETTE.length] ?? '#2563eb';
}
