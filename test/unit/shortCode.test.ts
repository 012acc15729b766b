import { describe, expect, it } from 'vitest';
import { suggestShortCode } from '../../shared/shortCode';

describe('suggestShortCode', () => {
  it('takes initials of several words and two letters of one', () => {
    expect(suggestShortCode('United States')).toBe('US');
    expect(suggestShortCode('Iran')).toBe('IR');
    expect(suggestShortCode('Oman')).toBe('OM');
    expect(suggestShortCode('Kingdom of Saudi Arabia')).toBe('KSA');
    expect(suggestShortCode('European Union')).toBe('EU');
    expect(suggestShortCode('  ')).toBe('');
  });

  it('never suggests a code already taken, whatever its case', () => {
    expect(suggestShortCode('Iraq', ['IR'])).toBe('IA');
    expect(suggestShortCode('Iraq', ['ir', 'IA'])).toBe('IQ');
    expect(suggestShortCode('US', ['US'])).toBe('US2');
    expect(suggestShortCode('United Kingdom', ['UK'])).toBe('UN');
  });

  it('reads accented names by their letters', () => {
    expect(suggestShortCode('Émirats arabes unis')).toBe('EAU');
  });
});
