// Reading a large JSON object a chunk at a time (issue 16): the streamed import's reader. Only
// the object's own structure — its keys, and the lists named to it — is followed byte by byte;
// every other value is cut out whole and parsed by JSON.parse, several times faster than parsing
// token by token in JavaScript. A list named to it hands over its elements one at a time
// instead, and an element's own lists named to it (a round's positions, a change's rows) are
// read the same way, an element of theirs at a time: so the text held at once is one small
// value, never the file nor a change of a hundred thousand rows.

/** The JSON is not well formed: where, and why. */
export class JsonSyntaxError extends Error {}

export interface MemberHandler {
  /** A member of the object, complete (a list named in `lists` arrives emptied, as []). */
  member(key: string, value: unknown): void;
  /** An element of a list named in `lists`, complete, in order. */
  element(key: string, index: number, value: unknown): void;
  /**
   * The element `position` of the list `member` inside the element `index` of the list `key`
   * (a change's rows, a round's positions), with that element as read so far (its lists holding
   * what was not taken). Returns whether it was
   * taken: if not, it is kept in its list, and the element is handed on with it.
   */
  nested?(
    key: string,
    index: number,
    member: string,
    position: number,
    value: unknown,
    element: Readonly<Record<string, unknown>>,
  ): boolean;
}

const enum State {
  Start,
  KeyOrClose,
  Key,
  Colon,
  Value,
  ListStart,
  Element,
  AfterElement,
  AfterMember,
  Done,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * An object being read member by member: the file itself (its members handed on as they come),
 * or an element of one of its lists that has lists of its own to read element by element (put
 * together here, and handed on whole when it ends).
 */
interface Frame {
  state: State;
  key: string;
  index: number;
  /** Its keys whose lists are read element by element. */
  lists: ReadonlySet<string>;
  /** The element being put together; null for the file itself. */
  built: Record<string, unknown> | null;
}

/** What a value being cut out will be: a key, a member's value or a list's element. */
const enum Target {
  Key,
  Member,
  Element,
}

export class MemberStream {
  /** Bytes read so far, for messages. */
  private offset = 0;
  private readonly frames: Frame[];

  // The value being cut out.
  private target: Target | null = null;
  /** Its bytes: a copy of what came in earlier chunks, and the current chunk's part. */
  private parts: Uint8Array[] = [];
  /** Nesting depth of objects and lists in it; 0 for a bare string, number or literal. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A number or a literal (true, false, null): ends at the first byte that cannot be in one. */
  private bare = false;

  /**
   * `lists`: the file's keys whose lists are read element by element; `within`: for some of
   * those, the keys of an element whose lists are read element by element too.
   */
  constructor(
    lists: ReadonlySet<string>,
    private readonly on: MemberHandler,
    private readonly within: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {
    this.frames = [{ state: State.Start, key: '', index: 0, lists, built: null }];
  }

  write(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.target !== null) {
        const end = this.scan(chunk, i);
        if (end < 0) {
          // The value goes on in the next chunk, which may reuse this one's memory: copied
          // (a Buffer's slice would not copy).
          this.parts.push(new Uint8Array(chunk.subarray(i)));
          break;
        }
        this.parts.push(chunk.subarray(i, end));
        i = end;
        this.finish();
        continue;
      }
      const b = chunk[i]!;
      if (isSpace(b)) {
        i++;
        continue;
      }
      const frame = this.frames.at(-1)!;
      switch (frame.state) {
        case State.Start:
          if (b !== OPEN_OBJECT) this.fail(i, 'the file must be one JSON object');
          frame.state = State.KeyOrClose;
          i++;
          break;
        case State.KeyOrClose:
        case State.Key:
          if (b === CLOSE_OBJECT && frame.state === State.KeyOrClose) {
            this.close(frame);
            i++;
          } else if (b === QUOTE) {
            this.begin(Target.Key, b);
            i++;
          } else this.fail(i, 'a key in quotes was expected');
          break;
        case State.Colon:
          if (b !== COLON) this.fail(i, 'a colon was expected after the key');
          frame.state = State.Value;
          i++;
          break;
        case State.Value:
          if (b === OPEN_LIST && frame.lists.has(frame.key)) {
            frame.state = State.ListStart;
            frame.index = 0;
            if (frame.built) frame.built[frame.key] = [];
            i++;
          } else {
            this.begin(Target.Member, b);
            // A bare value's first byte is read again by scan; a string's or container's is not.
            if (!this.bare) i++;
          }
          break;
        case State.ListStart:
        case State.Element: {
          const inner = frame.built ? undefined : this.within.get(frame.key);
          if (b === CLOSE_LIST && frame.state === State.ListStart) {
            this.endList(frame);
            i++;
          } else if (inner && b === OPEN_OBJECT) {
            // An element with lists of its own: read member by member, as the file is.
            frame.state = State.AfterElement;
            this.frames.push({
              state: State.KeyOrClose,
              key: '',
              index: 0,
              lists: inner,
              built: {},
            });
            i++;
          } else {
            this.begin(Target.Element, b);
            if (!this.bare) i++;
          }
          break;
        }
        case State.AfterElement:
          if (b === COMMA) frame.state = State.Element;
          else if (b === CLOSE_LIST) this.endList(frame);
          else this.fail(i, 'a comma or the end of the list was expected');
          i++;
          break;
        case State.AfterMember:
          if (b === COMMA) frame.state = State.Key;
          else if (b === CLOSE_OBJECT) this.close(frame);
          else this.fail(i, 'a comma or the end of the object was expected');
          i++;
          break;
        case State.Done:
          this.fail(i, 'there is more after the end of the object');
      }
    }
    this.offset += n;
  }

  /** The input is complete: anything left unfinished is an error. */
  end(): void {
    if (this.target === null && this.frames.length === 1 && this.frames[0]!.state === State.Done)
      return;
    throw new JsonSyntaxError(`Unexpected end of JSON input after ${this.offset} bytes`);
  }

  private begin(target: Target, first: number) {
    this.target = target;
    this.parts = [];
    this.escaped = false;
    this.inString = first === QUOTE;
    this.bare = !(first === QUOTE || first === OPEN_OBJECT || first === OPEN_LIST);
    this.depth = first === OPEN_OBJECT || first === OPEN_LIST ? 1 : 0;
    if (!this.bare) this.parts.push(Uint8Array.of(first));
  }

  /**
   * Reads on from `i` in the value being cut out: the index just past its end, or -1 if it does
   * not end in this chunk.
   */
  private scan(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.bare) {
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (isSpace(b) || b === COMMA || b === CLOSE_LIST || b === CLOSE_OBJECT) return i;
      }
      return -1;
    }
    let { depth, inString, escaped } = this;
    for (; i < n; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 0) {
            this.inString = false;
            return i + 1;
          }
        }
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_LIST) depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_LIST) {
        if (--depth === 0) {
          this.depth = 0;
          this.inString = false;
          return i + 1;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  /** The value cut out is complete: parse it and hand it on. */
  private finish() {
    const target = this.target!;
    this.target = null;
    const parts = this.parts;
    this.parts = [];
    const text =
      parts.length === 1
        ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.length).toString('utf8')
        : Buffer.concat(parts).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new JsonSyntaxError((error as Error).message);
    }
    const frame = this.frames.at(-1)!;
    if (target === Target.Key) {
      frame.key = value as string;
      frame.state = State.Colon;
    } else if (target === Target.Member) {
      if (frame.built) frame.built[frame.key] = value;
      else this.on.member(frame.key, value);
      frame.state = State.AfterMember;
    } else {
      if (frame.built) {
        const owner = this.frames.at(-2)!;
        const taken = this.on.nested?.(
          owner.key,
          owner.index,
          frame.key,
          frame.index,
          value,
          frame.built,
        );
        if (!taken) (frame.built[frame.key] as unknown[]).push(value);
      } else this.on.element(frame.key, frame.index, value);
      frame.index++;
      frame.state = State.AfterElement;
    }
  }

  private endList(frame: Frame) {
    if (!frame.built) this.on.member(frame.key, []);
    frame.state = State.AfterMember;
  }

  /** The object of `frame` ends: the file, or an element put together, handed on whole. */
  private close(frame: Frame) {
    frame.state = State.Done;
    if (!frame.built) return;
    this.frames.pop();
    const owner = this.frames.at(-1)!;
    this.on.element(owner.key, owner.index++, frame.built);
  }

  private fail(i: number, why: string): never {
    throw new JsonSyntaxError(`${why} (byte ${this.offset + i + 1})`);
  }
}
