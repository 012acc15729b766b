// Hash routes, so the same build works from Electron's app:// origin and the web binding.

export type Route =
  | { name: 'library' }
  | { name: 'new-negotiation' }
  | { name: 'negotiation'; id: number }
  | { name: 'round'; negotiationId: number; id: number }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'library' };
  if (path === '/new') return { name: 'new-negotiation' };
  let m = /^\/n\/(\d+)$/.exec(path);
  if (m) return { name: 'negotiation', id: Number(m[1]) };
  m = /^\/n\/(\d+)\/r\/(\d+)$/.exec(path);
  if (m) return { name: 'round', negotiationId: Number(m[1]), id: Number(m[2]) };
  return { name: 'not-found', path };
}

export const href = {
  library: () => '#/',
  newNegotiation: () => '#/new',
  negotiation: (id: number) => `#/n/${id}`,
  round: (negotiationId: number, id: number) => `#/n/${negotiationId}/r/${id}`,
};

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
