// Where linkages meet: pure logic shared by main (the conflicts board, the briefs) and the
// renderer (the round page's linkage cards), so both say the same.
import type { LinkageBrief, LinkageConflict, RedLineBrief } from './compare';

/**
 * Linkages that run into another party's refusal: each linkage a party demands (conditional or
 * exchange, not withdrawn) set, issue by issue, against another party's refusal linkage on that
 * issue in the same round (not withdrawn) and against another party's active red line on it.
 * "The deal must include missiles" meets "missiles are not negotiable" here.
 */
export function linkageConflicts(
  linkages: readonly Pick<LinkageBrief, 'id' | 'partyId' | 'kind' | 'status' | 'issueIds'>[],
  redLines: readonly Pick<RedLineBrief, 'id' | 'partyId' | 'issueId' | 'status'>[],
): LinkageConflict[] {
  const live = linkages.filter((l) => l.status !== 'withdrawn');
  const refusals = live.filter((l) => l.kind === 'refusal');
  const found: LinkageConflict[] = [];
  for (const l of live) {
    if (l.kind === 'refusal') continue;
    for (const issueId of l.issueIds) {
      for (const r of refusals) {
        if (r.partyId !== l.partyId && r.issueIds.includes(issueId)) {
          found.push({ linkageId: l.id, issueId, against: { type: 'refusal', linkageId: r.id } });
        }
      }
      for (const rl of redLines) {
        if (rl.status === 'active' && rl.partyId !== l.partyId && rl.issueId === issueId) {
          found.push({ linkageId: l.id, issueId, against: { type: 'redLine', redLineId: rl.id } });
        }
      }
    }
  }
  return found;
}
