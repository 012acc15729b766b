// Hash routes, so the same build works from Electron's app:// origin and the web binding: what
// an address means (parseRoute) and how to write one (href). Plain TypeScript, so it is
// unit-tested without a browser (test/unit/routes.test.ts); router.svelte.ts follows the address.

export type Route =
  | { name: 'library' }
  | { name: 'new-negotiation' }
  | { name: 'negotiation'; id: number; tab: NegotiationTab; query: Record<string, number> }
  | {
      name: 'round';
      negotiationId: number;
      id: number;
      issueId: number | null;
      positionId: number | null;
    }
  | { name: 'backups' }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export const NEGOTIATION_TABS = [
  'overview',
  'timeline',
  'compare',
  'trajectory',
  'conflicts',
  'red-lines',
  'sources',
] as const;
export type NegotiationTab = (typeof NEGOTIATION_TABS)[number];

/** The numeric parameters of a route (`?from=3&to=4`); anything else is ignored. */
function numbers(query: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of query.matchAll(/(?:^|&)(\w+)=(\d+)/g)) out[m[1]!] = Number(m[2]);
  return out;
}

export function parseRoute(hash: string): Route {
  const [path = '/', query = ''] = (hash.replace(/^#/, '') || '/').split('?');
  if (path === '/') return { name: 'library' };
  if (path === '/new') return { name: 'new-negotiation' };
  if (path === '/backups') return { name: 'backups' };
  if (path === '/settings') return { name: 'settings' };
  let m = /^\/n\/(\d+)(?:\/([a-z-]+))?$/.exec(path);
  if (m && (m[2] === undefined || (NEGOTIATION_TABS as readonly string[]).includes(m[2]))) {
    const tab = (m[2] as NegotiationTab | undefined) ?? 'overview';
    return { name: 'negotiation', id: Number(m[1]), tab, query: numbers(query) };
  }
  m = /^\/n\/(\d+)\/r\/(\d+)$/.exec(path);
  if (m) {
    return {
      name: 'round',
      negotiationId: Number(m[1]),
      id: Number(m[2]),
      issueId: numbers(query).issue ?? null,
      positionId: numbers(query).position ?? null,
    };
  }
  return { name: 'not-found', path };
}

export const href = {
  library: () => '#/',
  newNegotiation: () => '#/new',
  negotiation: (id: number) => `#/n/${id}`,
  tab: (id: number, tab: NegotiationTab, query: Record<string, number | null> = {}) => {
    const params = Object.entries(query)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    return `#/n/${id}${tab === 'overview' ? '' : `/${tab}`}${params ? `?${params}` : ''}`;
  },
  redLines: (id: number) => `#/n/${id}/red-lines`,
  sources: (id: number) => `#/n/${id}/sources`,
  round: (negotiationId: number, id: number) => `#/n/${negotiationId}/r/${id}`,
  /** A round's grid, scrolled to one position (its issue row, the card focused). */
  position: (negotiationId: number, roundId: number, issueId: number, positionId: number) =>
    `#/n/${negotiationId}/r/${roundId}?issue=${issueId}&position=${positionId}`,
  backups: () => '#/backups',
  settings: () => '#/settings',
};

/** The negotiation a route is inside, which is also its undo scope. */
export function routeScope(route: Route): number | null {
  if (route.name === 'negotiation') return route.id;
  if (route.name === 'round') return route.negotiationId;
  return null;
}
