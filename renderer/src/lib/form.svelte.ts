import { tick } from 'svelte';
import type { z } from 'zod';
import { fieldErrors } from '../../../shared/schemas';
import type { AppErrorInfo, Result } from '../../../shared/result';

/** Messages for a form: per field (dotted path, as main reports them) and for the whole form. */
export class FormErrors {
  fields = $state<Record<string, string>>({});
  general = $state<string | undefined>(undefined);

  clear(): void {
    this.fields = {};
    this.general = undefined;
  }

  /** Shows a refusal from main next to its field, or above the form when it names none. */
  fromResult(error: AppErrorInfo): void {
    if (error.field) this.fields = { ...this.fields, [error.field]: error.message };
    else this.general = error.message;
  }

  get hasAny(): boolean {
    return this.general !== undefined || Object.keys(this.fields).length > 0;
  }

  /** Whether a submit's call is out (its button waits). */
  saving = $state(false);

  /**
   * A form's submit: the input checked against the channel's schema (`alsoInvalid`: a field
   * the schema cannot see, such as date text that reads as no date), sent, and any refusal
   * shown next to its field with focus on the first problem inside `root`. Returns main's
   * answer, or undefined when nothing was saved.
   */
  async submit<S extends z.ZodType, T>(
    schema: S,
    input: unknown,
    root: HTMLElement | undefined,
    send: (parsed: z.output<S>) => Promise<Result<T>>,
    alsoInvalid = false,
  ): Promise<T | undefined> {
    const parsed = check(schema, input, this);
    if (parsed === undefined || alsoInvalid) {
      await focusFirstInvalid(root);
      return undefined;
    }
    this.saving = true;
    const result = await send(parsed);
    this.saving = false;
    if (result.ok) return result.value;
    this.fromResult(result.error);
    await focusFirstInvalid(root);
    return undefined;
  }
}

/**
 * Checks `value` against a channel's own schema before sending, so the user sees every
 * problem at once next to its field. Returns undefined (and fills `errors`) when invalid.
 */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  errors: FormErrors,
): z.output<S> | undefined {
  errors.clear();
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.fields = fieldErrors(result.error);
  return undefined;
}

/** Moves focus to the first field marked invalid inside `root`. */
export async function focusFirstInvalid(root: HTMLElement | undefined): Promise<void> {
  await tick();
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
