// The current route, following the address bar (see routes.ts for what an address means).
import { parseRoute, type Route } from './routes';

export * from './routes';

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

  /** Changes the address without a new history entry (a view's own settings, say). */
  replace(hash: string): void {
    history.replaceState(null, '', hash);
    this.route = parseRoute(hash);
  }
}

export const router = new Router();
