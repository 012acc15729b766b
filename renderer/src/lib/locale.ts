// What this computer's locale says about how its user writes dates. A setting will choose the
// order one day; until then the locale is the best guess at what 04/05/2026 means to the
// officer typing it.
import type { DateOrder } from '../../../shared/dates';

let cached: DateOrder | undefined;

/** Month first where the locale writes the month before the day (en-US: 11/22/2001). */
export function systemDateOrder(): DateOrder {
  if (cached) return cached;
  const parts = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(2001, 10, 22));
  const at = (type: Intl.DateTimeFormatPartTypes) => parts.findIndex((p) => p.type === type);
  cached = at('month') < at('day') ? 'month-first' : 'day-first';
  return cached;
}
