// The fields of one item's edit form, stated as a list rather than written out as markup: each
// entry says which kind of field, its label and the item's field it saves to; the save call and
// draft key come from `edit` (save.svelte.ts). `AutoFields.svelte` renders the list.
import type { z } from 'zod';
import type { ChannelName } from '../../../shared/channels';
import type { InputOf } from '../../../shared/contract';
import { edit, type SaveCall } from './save.svelte';

interface Bound<T> {
  /** The item's field the entry saves to: the list's key, unique per form. */
  field: string;
  label: string;
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
      hideLabel?: boolean;
      hint?: string | undefined;
    } & Bound<string>)
  | ({ kind: 'select'; options: readonly { value: unknown; label: string }[] } & Bound<unknown>)
  | ({ kind: 'date' } & Bound<string | null>);

type UpdateChannel = Extract<ChannelName, `${string}:update`>;
type TextOptions = Omit<Extract<FieldSpec, { kind: 'text' }>, keyof Bound<string> | 'kind'>;

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
    ): FieldSpec => ({ kind: 'select', ...bind<unknown>(label, field), options }),
    date: (label: string, field: Field): FieldSpec => ({
      kind: 'date',
      ...bind<string | null>(label, field),
    }),
  };
}
