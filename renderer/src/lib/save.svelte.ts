// Autosave, and the promise behind it: an edit is never lost. Every pending edit is sent to main
// (as the exact call that saves it) on each keystroke, before the save itself, and kept in the
// (encrypted) library as a draft; it is removed only once main has stored the edit. Whatever
// ends the page — a reload, a crash, a closed window — the next start replays what is left.
import type { ChannelName } from '../../../shared/channels';
import type { InputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { invoke } from './api';

/** A serialisable save: the channel and the input that store one edit. */
export type SaveCall = { [C in ChannelName]: { channel: C; input: InputOf<C> } }[ChannelName];

export const call = <C extends ChannelName>(channel: C, input: InputOf<C>) =>
  ({ channel, input }) as SaveCall;

let lastSeq = 0;

/**
 * The next sequence number of this page's edits: drafts and saves of a field may reach main in
 * any order (through the web binding each is a request of its own), and main keeps the newest
 * (main/services/drafts.ts). Numbered from the clock, in microseconds, so a page's edits come
 * after those of the page before it.
 */
export function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

type WireSave = { channel: string; input: Record<string, unknown> };

export const drafts = {
  put(key: string, seq: number, save: SaveCall): void {
    void invoke('drafts:put', { key, seq, save: save as unknown as WireSave });
  },
  remove(key: string, seq: number): void {
    void invoke('drafts:remove', { key, seq });
  },
  /** Every draft left behind by an earlier page. */
  async all(): Promise<{ key: string; seq: number; save: SaveCall }[]> {
    const result = await invoke('drafts:list', {});
    return result.ok
      ? (result.value as unknown as { key: string; seq: number; save: SaveCall }[])
      : [];
  },
};

// Before the library was encrypted, drafts lay in the browser's localStorage — in the clear and
// outside every backup. **Important**: this only moves them into the library and erases them
// there; nothing of a negotiation is ever written to localStorage again.
const LEGACY_PREFIX = 'parley.draft.';

async function moveLegacyDrafts(): Promise<void> {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(LEGACY_PREFIX)) keys.push(key);
  }
  for (const key of keys) {
    try {
      const save = JSON.parse(localStorage.getItem(key)!) as SaveCall;
      const moved = await invoke('drafts:put', {
        key: key.slice(LEGACY_PREFIX.length),
        seq: nextSeq(),
        save: save as unknown as WireSave,
      });
      if (!moved.ok) continue;
    } catch {
      // Unreadable: nothing to keep.
    }
    localStorage.removeItem(key);
  }
}

/** A field's save, sent as the draft it settles: main applies it unless a newer save landed. */
const send = (key: string, seq: number, save: SaveCall): Promise<Result<{ saved: boolean }>> =>
  invoke('drafts:commit', { key, seq, save: save as unknown as WireSave });

/** What the top bar shows: whether every edit has reached the database. */
class SaveTracker {
  inFlight = $state(0);
  waiting = $state(0);
  savedOnce = $state(false);
  /** Fields whose edit main refused (or that cannot be saved as typed), by draft key. */
  failures = $state<Record<string, string>>({});
  private readonly flushers = new Set<() => void>();
  private readonly whenIdle: (() => void)[] = [];

  /** Settles once every save sent so far has been answered (call flushAll first). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  get failed(): string | undefined {
    return Object.values(this.failures)[0];
  }

  get label(): string {
    if (this.inFlight > 0 || this.waiting > 0) return 'Saving…';
    if (this.failed) return 'Not saved';
    return this.savedOnce ? 'All changes saved' : '';
  }

  setFailure(key: string, message: string | undefined): void {
    if (message === undefined) {
      if (!(key in this.failures)) return;
      const { [key]: _dropped, ...rest } = this.failures;
      this.failures = rest;
    } else if (this.failures[key] !== message) {
      this.failures = { ...this.failures, [key]: message };
    }
  }

  /** Fields register how to send their pending edit at once (before the page goes away). */
  register(flush: () => void): () => void {
    this.flushers.add(flush);
    return () => this.flushers.delete(flush);
  }

  flushAll(): void {
    for (const flush of this.flushers) flush();
  }

  async run(key: string, seq: number, save: SaveCall): Promise<Result<{ saved: boolean }>> {
    this.inFlight++;
    try {
      const result = await send(key, seq, save);
      if (result.ok) this.savedOnce = true;
      return result;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }
}

export const saves = new SaveTracker();

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => saves.flushAll());
  window.addEventListener('beforeunload', () => saves.flushAll());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saves.flushAll();
  });
}

/**
 * Replays the edits an earlier page could not finish saving. Returns the messages of any that
 * could no longer be applied (their item was deleted meanwhile, say); those drafts are dropped.
 */
export async function recoverDrafts(): Promise<string[]> {
  await moveLegacyDrafts();
  const problems: string[] = [];
  for (const { key, seq, save } of await drafts.all()) {
    const result = await saves.run(key, seq, save);
    // A saved draft is settled by its save; one that cannot be applied is dropped.
    if (!result.ok) {
      drafts.remove(key, seq);
      problems.push(result.error.message);
    }
  }
  return problems;
}

/** What every self-saving field is given: its label, the value as stored, and how to save it. */
export interface AutoFieldProps<T> {
  label: string;
  /** The value as stored. */
  value: T;
  /** Draft key: entity.id.field. */
  key: string;
  save: (value: T) => SaveCall;
}

interface FieldOptions<T> {
  /** The value as stored. */
  initial: T;
  /** Identifies the field's draft: entity, id and field, e.g. "party.3.name". */
  key: string;
  /** The call that stores a value. */
  save: (value: T) => SaveCall;
  /** A message when the value cannot be saved as it is (checked before sending). */
  validate?: (value: T) => string | undefined;
  /** Milliseconds of quiet before a typed edit is saved; 0 saves at once. */
  delay?: number;
}

/**
 * One autosaving field: local text while the user types, saved after a pause or on blur, with
 * its own error and status. Newer stored values (after an undo, say) replace the text unless
 * the user is in the middle of an edit.
 */
export class AutoSaveField<T> {
  value = $state() as T;
  error = $state<string | undefined>(undefined);
  status = $state<'idle' | 'pending' | 'saving' | 'error'>('idle');
  private stored: T;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unregister: () => void;
  /** The sequence number of the value being edited (its draft), of the last save sent, and of
   * the newest save answered: answers may come back in any order, and the newest one counts. */
  private seq = 0;
  private sentSeq = 0;
  private storedSeq = 0;

  constructor(private readonly options: FieldOptions<T>) {
    this.value = options.initial;
    this.stored = options.initial;
    this.unregister = saves.register(() => this.flush());
  }

  get dirty(): boolean {
    return this.value !== this.stored;
  }

  /** Call on every change of `value` by the user. */
  changed(): void {
    this.error = this.options.validate?.(this.value);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.seq = nextSeq();
    if (!this.dirty) {
      drafts.remove(this.options.key, this.seq);
      this.setWaiting(false);
      this.status = 'idle';
      this.error = undefined;
      saves.setFailure(this.options.key, undefined);
      return;
    }
    drafts.put(this.options.key, this.seq, this.options.save(this.value));
    saves.setFailure(this.options.key, this.error);
    if (this.error) {
      this.setWaiting(false);
      this.status = 'error';
      return;
    }
    this.setWaiting(true);
    const delay = this.options.delay ?? 700;
    if (delay === 0) void this.saveNow();
    else this.timer = setTimeout(() => void this.saveNow(), delay);
  }

  /** Sends a pending edit now (on blur, or before the page goes away). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.saveNow();
    }
  }

  private waitingCounted = false;
  private setWaiting(on: boolean) {
    if (on === this.waitingCounted) return;
    this.waitingCounted = on;
    saves.waiting += on ? 1 : -1;
  }

  private async saveNow(): Promise<void> {
    this.setWaiting(false);
    if (!this.dirty || this.error) return;
    const sent = this.value;
    const seq = (this.sentSeq = this.seq);
    this.status = 'saving';
    const result = await saves.run(this.options.key, seq, this.options.save(sent));
    if (result.ok) {
      // Main settled the draft this save stood for (services/drafts.ts, commit); it did not
      // apply it (`saved` false) if a newer save of the field had landed first.
      if (result.value.saved && seq > this.storedSeq) {
        this.storedSeq = seq;
        this.stored = sent;
      }
      saves.setFailure(this.options.key, undefined);
      if (this.value === this.stored) this.status = 'idle';
      // Typed back, meanwhile, to what was stored before this save: nothing was sent for that,
      // and the field now differs from the library. It is an edit of its own.
      else if (!this.timer && this.sentSeq === seq && !this.error) this.changed();
    } else if (this.value === sent) {
      this.error = result.error.message;
      this.status = 'error';
      saves.setFailure(this.options.key, result.error.message);
    }
  }

  /** The stored value changed (a reload after any change): adopt it unless mid-edit. */
  sync(stored: T): void {
    if (stored === this.stored) return;
    const wasClean = !this.dirty;
    this.stored = stored;
    if (wasClean) {
      this.value = stored;
      this.error = undefined;
      this.status = 'idle';
      saves.setFailure(this.options.key, undefined);
    }
  }

  dispose(): void {
    this.flush();
    this.setWaiting(false);
    saves.setFailure(this.options.key, undefined);
    this.unregister();
  }
}

/**
 * The self-saving field of a component being mounted: it starts from the stored value, follows
 * later stored values (`sync`) and is disposed with the component. Call it while the component
 * initialises, as its effects belong to that component.
 */
export function autoSaveField<T>(
  stored: () => T,
  options: Omit<FieldOptions<T>, 'initial'>,
): AutoSaveField<T> {
  const field = new AutoSaveField<T>({ ...options, initial: stored() });
  $effect(() => field.sync(stored()));
  $effect(() => () => field.dispose());
  return field;
}

type UpdateChannel = Extract<ChannelName, `${string}:update`>;

/**
 * The draft key and save call for one field of one item, e.g.
 * `{...edit('parties:update', 'party', party.id, 'name')}` on an AutoText.
 */
export function edit<C extends UpdateChannel, F extends Exclude<keyof InputOf<C>, 'id'>>(
  channel: C,
  entity: string,
  id: number,
  field: F,
): { key: string; save: (value: NonNullable<InputOf<C>>[F]) => SaveCall } {
  return {
    key: `${entity}.${id}.${String(field)}`,
    save: (value) => call(channel, { id, [field]: value } as unknown as InputOf<C>),
  };
}
