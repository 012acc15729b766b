// Light, dark, or follow the system: a setting like any other (settings.json, Settings →
// Appearance). Earlier versions kept the choice in this browser's storage; it moves into the
// settings the first time the library is open, and is then removed from there.
import type { ThemeChoice } from '../../../shared/settings';
import { invoke } from './api';
import { toasts } from './toast.svelte';

const LEGACY_KEY = 'parley.theme';
const ORDER: ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_LABELS: Record<ThemeChoice, string> = {
  system: 'System theme',
  light: 'Light',
  dark: 'Dark',
};

const isChoice = (value: unknown): value is ThemeChoice => ORDER.includes(value as ThemeChoice);

class Theme {
  // Until the settings arrive, an old stored choice avoids a flash of the wrong colours.
  choice = $state<ThemeChoice>(legacyChoice() ?? 'system');
  /** How many times the officer has chosen a theme on this page. */
  private picks = 0;
  private readonly media = window.matchMedia('(prefers-color-scheme: dark)');

  constructor() {
    this.apply();
    this.media.addEventListener('change', () => this.apply());
  }

  get label(): string {
    return THEME_LABELS[this.choice];
  }

  /** Takes the choice from the settings (once the library is open), moving an old one in. */
  async load(): Promise<void> {
    const picks = this.picks;
    const result = await invoke('settings:get', {});
    if (!result.ok) return;
    // The officer chose a theme while the settings were on their way: that choice stands.
    if (this.picks !== picks) return;
    const legacy = legacyChoice();
    if (legacy !== null) {
      // Only a choice the officer actually made replaces the settings' default.
      if (legacy !== 'system' && result.value.appearance.theme === 'system') {
        const moved = await invoke('settings:update', { appearance: { theme: legacy } });
        if (!moved.ok) return;
      }
      localStorage.removeItem(LEGACY_KEY);
      if (legacy !== 'system' && result.value.appearance.theme === 'system')
        return this.show(legacy);
    }
    this.show(result.value.appearance.theme);
  }

  /** Shows a choice saved elsewhere (the Settings screen). */
  show(choice: ThemeChoice): void {
    this.choice = choice;
    this.apply();
  }

  async set(choice: ThemeChoice): Promise<boolean> {
    this.picks++;
    const before = this.choice;
    this.show(choice);
    const result = await invoke('settings:update', { appearance: { theme: choice } });
    if (result.ok) return true;
    this.show(before);
    toasts.error(`The theme was not saved: ${result.error.message}`);
    return false;
  }

  cycle(): void {
    void this.set(ORDER[(ORDER.indexOf(this.choice) + 1) % ORDER.length] ?? 'system');
  }

  private apply(): void {
    const dark = this.choice === 'dark' || (this.choice === 'system' && this.media.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }
}

function legacyChoice(): ThemeChoice | null {
  const stored = localStorage.getItem(LEGACY_KEY);
  return isChoice(stored) ? stored : null;
}

export const theme = new Theme();
