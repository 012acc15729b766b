// The renderer's only way to the data: a typed client over whichever transport is present —
// the preload's `window.parley` in Electron, or the loopback HTTP binding in a browser.
// Components call `invoke` and never know which.
import type { ChannelName, EventChannel } from '../../../shared/channels';
import type { EventPayload, InputOf, OutputOf, ParleyBridge } from '../../../shared/contract';
import type { ImportResult } from '../../../shared/exchange';
import type { Result } from '../../../shared/result';

declare global {
  interface Window {
    parley?: ParleyBridge;
  }
}

const TOKEN_KEY = 'parley.token';

const unreachable = <T>(): Result<T> => ({
  ok: false,
  error: {
    code: 'internal',
    message: 'Parley’s data service is not answering. Is `npm run web` still running?',
  },
});

function webBridge(): ParleyBridge {
  // The token arrives in the start URL; keep it for reloads of this tab only.
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  let source: EventSource | null = null;

  return {
    async invoke(channel, input) {
      try {
        const body = JSON.stringify({ channel, input });
        const response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-parley-token': token },
          body,
          // Lets a save started as the page closes still reach main (browsers cap such
          // requests at 64 KB; larger edits are recovered from their draft on the next start).
          keepalive: body.length < 60_000,
        });
        if (response.status === 403) {
          return {
            ok: false,
            error: {
              code: 'internal',
              message:
                'This page’s access token is not valid. Open the address `npm run web` printed.',
            },
          };
        }
        return (await response.json()) as never;
      } catch {
        return unreachable();
      }
    },
    on(event, listener) {
      source ??= new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data));
      source.addEventListener(event, handler);
      return () => source?.removeEventListener(event, handler);
    },
  };
}

const bridge: ParleyBridge = window.parley ?? webBridge();

/** The desktop app (Electron's preload is present), rather than a browser tab. */
export const desktop = !!window.parley;

/**
 * The address of a document main serves (a briefing preview, a download): relative to the app
 * in Electron; with this page's access token through the web binding.
 */
export function resourceUrl(path: string): string {
  if (window.parley) return `./${path}`;
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return `/${path}?token=${encodeURIComponent(token)}`;
}

const refusedAsUnavailable = new Set<() => void>();

/**
 * Listens for calls refused because the library is not open (locked, restoring, damaged):
 * a sign that the app's state changed without this page hearing of it. An event sent before
 * the page's event stream connected is lost.
 */
export function onUnavailable(listener: () => void): () => void {
  refusedAsUnavailable.add(listener);
  return () => refusedAsUnavailable.delete(listener);
}

export async function invoke<C extends ChannelName>(
  channel: C,
  input: InputOf<C>,
): Promise<Result<OutputOf<C>>> {
  const result = await bridge.invoke(channel, input);
  if (!result.ok && result.error.code === 'unavailable' && channel !== 'app:status') {
    for (const listener of refusedAsUnavailable) listener();
  }
  return result;
}

/** Reads asked for as the page starts (see `askEarly`), by channel and input. */
const early = new Map<string, { answer: Promise<Result<unknown>>; changes: number }>();
/** Changes to the library heard since the page started. */
let changes = 0;
let counting = false;

/**
 * Asks for a read as the page starts, beside everything the page does before the view that
 * shows it exists (its script starting, the library's state read): the view takes the answer
 * with `invokeEarly`. The first view then waits for one round trip, not two in a row.
 */
export function askEarly<C extends ChannelName>(channel: C, input: InputOf<C>): void {
  if (!counting) {
    counting = true;
    on('data:changed', () => changes++);
  }
  early.set(JSON.stringify([channel, input]), {
    answer: bridge.invoke(channel, input),
    changes,
  });
}

/**
 * `invoke`, answered by the read asked for as the page started if there is one (once): unless
 * it failed (the library locked, say) or the library has changed since it was asked.
 */
export async function invokeEarly<C extends ChannelName>(
  channel: C,
  input: InputOf<C>,
): Promise<Result<OutputOf<C>>> {
  const key = JSON.stringify([channel, input]);
  const asked = early.get(key);
  early.delete(key);
  if (asked) {
    const answer = (await asked.answer) as Result<OutputOf<C>>;
    if (answer.ok && asked.changes === changes) return answer;
  }
  return invoke(channel, input);
}

export function on<E extends EventChannel>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return bridge.on(event, listener);
}

/**
 * A negotiation file chosen in the browser, imported through the loopback binding: its bytes
 * are sent as they are (not as text inside a JSON call, which escaping could double), and main
 * imports them as a stream. The desktop app imports through its own open dialog instead
 * (`transfer:chooseImport`), so the file never passes through the page.
 */
export async function uploadImport(file: File): Promise<Result<ImportResult>> {
  try {
    const response = await fetch('/api/import', {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-parley-token': sessionStorage.getItem(TOKEN_KEY) ?? '',
        'x-parley-file-name': encodeURIComponent(file.name),
      },
      body: file,
    });
    if (response.status === 403) return unreachable();
    return (await response.json()) as Result<ImportResult>;
  } catch {
    return unreachable();
  }
}
