import { tick } from 'svelte';
import type { z } from 'zod';
import { fieldErrors } from '../../../shared/schemas';
import type { AppErrorInfo } from '../../../shared/result';

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
