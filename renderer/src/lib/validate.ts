import type { z } from 'zod';

/** The message for a value one field's schema refuses, or undefined when it is fine. */
export function fieldError(schema: z.ZodType | undefined, value: unknown): string | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}
