// The renderer's addresses: every place the app can link to reads back as the same place, and
// an address it does not know is "not found", never a crash or a wrong page.
import { describe, expect, it } from 'vitest';
import { href, NEGOTIATION_TABS, parseRoute, routeScope } from '../../renderer/src/lib/routes';

describe('routes', () => {
  it('read back every address href writes', () => {
    expect(parseRoute(href.library())).toEqual({ name: 'library' });
    expect(parseRoute(href.newNegotiation())).toEqual({ name: 'new-negotiation' });
    expect(parseRoute(href.backups())).toEqual({ name: 'backups' });
    expect(parseRoute(href.settings())).toEqual({ name: 'settings' });
    expect(parseRoute(href.negotiation(7))).toEqual({
      name: 'negotiation',
      id: 7,
      tab: 'overview',
      query: {},
    });
    for (const tab of NEGOTIATION_TABS) {
      expect(parseRoute(href.tab(7, tab, { from: 2, to: null }))).toEqual({
        name: 'negotiation',
        id: 7,
        tab,
        query: { from: 2 },
      });
    }
    expect(parseRoute(href.round(7, 12))).toEqual({
      name: 'round',
      negotiationId: 7,
      id: 12,
      issueId: null,
      positionId: null,
    });
    expect(parseRoute(href.position(7, 12, 3, 40))).toMatchObject({ issueId: 3, positionId: 40 });
  });

  it('call anything else not found, and ignore what a query should not hold', () => {
    for (const hash of ['#/n/x', '#/n/7/nonsense', '#/n/7/r/', '#/elsewhere', '#/n/7/r/1/more']) {
      expect(parseRoute(hash).name, hash).toBe('not-found');
    }
    expect(parseRoute('#/n/7/compare?from=a&to=4&x=<script>')).toMatchObject({ query: { to: 4 } });
    expect(parseRoute('')).toEqual({ name: 'library' });
  });

  it('scope undo to the negotiation a page is inside', () => {
    expect(routeScope(parseRoute(href.round(7, 12)))).toBe(7);
    expect(routeScope(parseRoute(href.tab(7, 'sources')))).toBe(7);
    expect(routeScope(parseRoute(href.library()))).toBeNull();
  });
});
