// Live sync on a desk network (issue 19, point 4): the address of the desk's sync server, the
// desk's token, and what the connection is doing. Validated here so that Settings shows the same
// message beside the field that main gives when it refuses the call.
import { z } from 'zod';
import { input } from './schemas';

/**
 * ws://host:port or wss://host:port, nothing else: no user name or password, path, query or
 * fragment (the token travels in a header, never in the address, so it never lands in a log).
 * The host is a name, an IPv4 address or an IPv6 address in brackets; the port is required,
 * since a desk's server has no usual one.
 */
const ADDRESS =
  /^(wss?):\/\/([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\]):(\d{1,5})\/?$/i;

/** What the address says, once it has passed the schema. */
export interface DeskAddress {
  secure: boolean;
  host: string;
  port: number;
  /** The address as Parley keeps it: scheme, host and port, no trailing slash. */
  url: string;
}

export function parseDeskAddress(text: string): DeskAddress | null {
  const match = ADDRESS.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return null;
  const host = match[2]!.toLowerCase();
  const scheme = match[1]!.toLowerCase();
  return { secure: scheme === 'wss', host, port, url: `${scheme}://${host}:${port}` };
}

/** Why an address is refused, in words that say what to write instead. */
export function deskAddressProblem(text: string): string | null {
  const value = text.trim();
  if (!value) return 'Write the address of your desk’s sync server, such as ws://10.0.4.20:3030.';
  if (!/^wss?:\/\//i.test(value)) {
    return 'The address must start with ws:// (or wss:// where the desk’s server has a certificate), such as ws://10.0.4.20:3030.';
  }
  if (/@/.test(value)) {
    return 'Leave the user name and password out of the address: the desk token goes in its own field.';
  }
  if (/[?#]/.test(value)) {
    return 'Leave anything after ? or # out of the address: the desk token goes in its own field.';
  }
  if (/^wss?:\/\/[^/]*\/./i.test(value)) {
    return 'Leave the path out of the address: write ws://, the server’s name or IP address, a colon and its port, such as ws://10.0.4.20:3030.';
  }
  if (!/:\d+\/?$/.test(value.replace(/^wss?:\/\//i, ''))) {
    return 'Add the port the server listens on after a colon, such as ws://10.0.4.20:3030.';
  }
  if (!parseDeskAddress(value)) {
    return 'That is not an address Parley can use: write ws://, the server’s name or IP address, a colon and its port (1–65535), such as ws://10.0.4.20:3030.';
  }
  return null;
}

export const deskAddress = z
  .string({ error: 'The server address must be text.' })
  .max(300, { error: 'A server address has at most 300 characters.' })
  .superRefine((value, ctx) => {
    const problem = deskAddressProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => parseDeskAddress(value)!.url);

/** The token a desk's server makes (`npm run sync-server -- --new-token`): 43 URL-safe characters. */
const TOKEN = /^[A-Za-z0-9_-]{32,256}$/;

export const deskToken = z
  .string({ error: 'The desk token must be text.' })
  .trim()
  .min(1, { error: 'Paste the desk token you were given with the server’s address.' })
  .regex(TOKEN, {
    error:
      'That is not a desk token: it is a single word of 32 or more letters, digits, - and _, as the server printed it. Paste it again without spaces.',
  });

export const deskSyncConnectInput = input({
  address: deskAddress,
  /** Null keeps the token stored in the library (the field is left as it was). */
  token: deskToken.nullable(),
});

/** What the connection is doing, as Settings shows it. */
export type DeskSyncState =
  /** The officer has not connected (or disconnected): Parley touches no network. */
  | 'off'
  | 'connecting'
  /** Connected, and every shared negotiation is as the server has it. */
  | 'connected'
  /** Connected, with changes still on their way in one direction or the other. */
  | 'syncing'
  /** The server cannot be reached; Parley keeps working and tries again. */
  | 'offline'
  /** The server refused the desk token; Parley stops trying until the officer connects again. */
  | 'refused'
  | 'error';

export interface DeskSyncStatus {
  state: DeskSyncState;
  /** One sentence for the officer: what is happening and, where it matters, what to do. */
  message: string;
  /** How many shared negotiations this library syncs. */
  documents: number;
  /** When the last exchange with the server happened (ISO time), if one has. */
  lastSyncAt: string | null;
}

/** The Desk sync section of Settings. The token itself never leaves main. */
export interface DeskSyncView {
  address: string | null;
  /** A token is stored in the library. */
  tokenSet: boolean;
  /** Its last four characters, so an officer can tell which one is stored. */
  tokenHint: string | null;
  status: DeskSyncStatus;
  /**
   * Counts up with every change of status: the page keeps the newest of a call's answer and the
   * events, which may arrive in either order.
   */
  revision: number;
}
