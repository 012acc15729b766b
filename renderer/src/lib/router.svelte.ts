// Hash routes, so the same build works from Electron's app:// origin and the web binding.

export type Route =
  | { name: 'library' }
  | { name: 'new-negotiation' }
  | { name: 'negotiation'; id: number; tab: 'overview' | 'red-lines' | 'sources' }
  | { name: 'round'; negotiationId: number; id: number; issueId: number | null }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '/', query = ''] = (hash.replace(/^#/, '') || '/').split('?');
  if (path === '/') return { name: 'library' };
  if (path === '/new') return { name: 'new-negotiation' };
  let m = /^\/n\/(\d+)(?:\/(red-lines|sources))?$/.exec(path);
  if (m) {
    const tab = (m[2] as 'red-lines' | 'sources' | undefined) ?? 'overview';
    return { name: 'negotiation', id: Number(m[1]), tab };
  }
  m = /^\/n\/(\d+)\/r\/(\d+)$/.exec(path);
  if (m) {
    const issue = Number(/(?:^|&)issue=(\d+)/.exec(query)?.[1]);
    return {
      name: 'round',
      negotiationId: Number(m[1]),
      id: Number(m[2]),
      issueId: Number.isInteger(issue) && issue > 0 ? issue : null,
    };
  }
  return { name: 'not-found', path };
}

export const href = {
  library: () => '#/',
  newNegotiation: () => '#/new',
  negotiation: (id: number) => `#/n/${id}`,
  redLines: (id: number) => `#/n/${id}/red-lines`,
  sources: (id: number) => `#/n/${id}/sources`,
  round: (negotiationId: number, id: number) => `#/n/${negotiationId}/r/${id}`,
};

/** The negotiation a route is inside, which is also its undo scope. */
export function routeScope(route: Route): number | null {
  if (route.name === 'negotiation') return route.id;
  if (route.name === 'round') return route.negotiationId;
  return null;
}

class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(location.hash);
    });
  }

  go(hash: string): void {
    location.hash = hash;
  }
}

export const router = new Router();
