// The fields of one item's edit form, stated as a list rather than written out as markup: each
// entry says which kind of field, its label and the item's field it saves to; the save call and
// draft key come from `edit` (save.svelte.ts). `AutoFields.svelte` renders the list.
import type { z } from 'zod';
import type { ChannelName } from '../../../shared/channels';
import type { InputOf } from '../../../shared/contract';
import type { DateRange } from '../../../shared/dates';
import { edit, type SaveCall } from './save.svelte';

interface Bound<T> {
  /** The item's field the entry saves to: the list's key, unique per form. */
  field: string;
  label: string;
  /** Keep the label for assistive technology only (a row of fields under one heading). */
  hideLabel?: boolean;
  /** A fixed width in a row of fields (the others share what is left). */
  width?: string;
  value: T;
  key: string;
  save: (value: T) => SaveCall;
}

export type FieldSpec =
  | ({
      kind: 'text';
      schema?: z.ZodType | undefined;
      multiline?: boolean;
      rows?: number;
      hint?: string | undefined;
      placeholder?: string | undefined;
    } & Bound<string>)
  | ({ kind: 'select'; options: readonly { value: unknown; label: string }[] } & Bound<unknown>)
  | ({ kind: 'date' } & Bound<string | null>);

type UpdateChannel = Extract<ChannelName, `${string}:update`>;
type Layout = Pick<Bound<unknown>, 'hideLabel' | 'width'>;
type TextOptions = Omit<
  Extract<FieldSpec, { kind: 'text' }>,
  'field' | 'label' | 'value' | 'key' | 'save' | 'kind'
>;

/**
 * Builds the entries of one item's form: `const f = fieldsOf('sources:update', 'source',
 * source)`, then `f.text('Speaker', 'speaker', { schema })`, `f.select('Confidence',
 * 'confidence', options)`, `f.date('Date said', 'saidDate')`.
 */
export function fieldsOf<C extends UpdateChannel, I extends { id: number }>(
  channel: C,
  entity: string,
  item: I,
) {
  type Field = Exclude<keyof NonNullable<InputOf<C>>, 'id'> & keyof I & string;
  const bind = <T>(label: string, field: Field): Bound<T> => ({
    field,
    label,
    value: item[field] as T,
    ...(edit(channel, entity, item.id, field) as unknown as Pick<Bound<T>, 'key' | 'save'>),
  });
  return {
    text: (label: string, field: Field, options: TextOptions = {}): FieldSpec => ({
      kind: 'text',
      ...bind<string>(label, field),
      ...options,
    }),
    select: (
      label: string,
      field: Field,
      options: readonly { value: unknown; label: string }[],
      layout: Layout = {},
    ): FieldSpec => ({ kind: 'select', ...bind<unknown>(label, field), options, ...layout }),
    date: (label: string, field: Field): FieldSpec => ({
      kind: 'date',
      ...bind<string | null>(label, field),
    }),
  };
}

/** A field of a form that records something new: it reads and writes a value the form holds. */
interface Held<T> {
  /** The draft's property: named as in the create channel's input, so a refusal finds it. */
  field: string;
  label: string;
  hideLabel?: boolean;
  get: () => T;
  set: (value: T) => void;
}

export type DraftSpec =
  | ({
      kind: 'text';
      multiline?: boolean;
      rows?: number;
      hint?: string | undefined;
      placeholder?: string | undefined;
    } & Held<string>)
  | ({ kind: 'select'; options: readonly { value: unknown; label: string }[] } & Held<unknown>)
  | ({
      kind: 'date';
      /** Told whether the typed text is not a date (the form refuses to submit then). */
      oninvalid?: (invalid: boolean) => void;
      onrange?: (range: DateRange) => void;
    } & Held<string | null>);

type DraftOptions<K extends DraftSpec['kind']> = Omit<
  Extract<DraftSpec, { kind: K }>,
  keyof Held<unknown> | 'kind'
>;

/**
 * Builds the entries of a form that records a new item, as `fieldsOf` does for one that is
 * saved: `const f = draftFieldsOf(draft)` on the form's `$state` draft, then `f.text('Speaker',
 * 'speaker')`, `f.select('Kind', 'kind', options)`, `f.date('Date said', 'saidDate')`.
 * `DraftFields.svelte` renders the list, each with its refusal from the form's errors.
 */
export function draftFieldsOf<D extends object>(draft: D) {
  type Field = keyof D & string;
  const hold = <T>(label: string, field: Field): Held<T> => ({
    field,
    label,
    get: () => draft[field] as T,
    set: (value) => {
      draft[field] = value as D[Field];
    },
  });
  return {
    text: (label: string, field: Field, options: DraftOptions<'text'> = {}): DraftSpec => ({
      kind: 'text',
      ...hold<string>(label, field),
      ...options,
    }),
    /** `shown`: what the field shows when the draft's choice no longer fits (its fallback). */
    select: (
      label: string,
      field: Field,
      options: readonly { value: unknown; label: string }[],
      { shown }: { shown?: () => unknown } = {},
    ): DraftSpec => ({
      kind: 'select',
      ...hold<unknown>(label, field),
      ...(shown ? { get: shown } : {}),
      options,
    }),
    date: (label: string, field: Field, options: DraftOptions<'date'> = {}): DraftSpec => ({
      kind: 'date',
      ...hold<string | null>(label, field),
      ...options,
    }),
  };
}
