// How this officer writes dates in numbers, from Settings ("Dates"): day first, month first, or
// as the computer's locale does. Every date field reads 04/05/2026 by it.
import type { DateOrder } from '../../../shared/dates';
import type { DateOrderChoice } from '../../../shared/settings';
import { invoke } from './api';
import { systemDateOrder } from './locale';

class DateOrderSetting {
  choice = $state<DateOrderChoice>('system');

  /** The order in force: the choice, or the locale's guess when the choice is 'system'. */
  get order(): DateOrder {
    return this.choice === 'system' ? systemDateOrder() : this.choice;
  }

  /** Reads the saved choice (once the library is open); the locale's guess holds until then. */
  async load(): Promise<void> {
    const result = await invoke('settings:get', {});
    if (result.ok) this.choice = result.value.dates.order;
  }
}

export const dateOrder = new DateOrderSetting();
