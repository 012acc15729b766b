// Light, dark, or follow the system. The choice is remembered on this machine.
type Choice = 'system' | 'light' | 'dark';
const KEY = 'parley.theme';
const LABELS: Record<Choice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };

class Theme {
  choice = $state<Choice>(readChoice());
  private readonly media = window.matchMedia('(prefers-color-scheme: dark)');

  constructor() {
    this.apply();
    this.media.addEventListener('change', () => this.apply());
  }

  get label(): string {
    return LABELS[this.choice];
  }

  cycle(): void {
    const order: Choice[] = ['system', 'light', 'dark'];
    this.choice = order[(order.indexOf(this.choice) + 1) % order.length] ?? 'system';
    localStorage.setItem(KEY, this.choice);
    this.apply();
  }

  private apply(): void {
    const dark = this.choice === 'dark' || (this.choice === 'system' && this.media.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }
}

function readChoice(): Choice {
  const stored = localStorage.getItem(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export const theme = new Theme();
