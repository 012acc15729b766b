import { describe, expect, it } from 'vitest';
import {
  describeDateSpan,
  describeFuzzyDate,
  endsBeforeStart,
  fuzzyDateRange,
  parseDateInput,
  parseFuzzyDate,
} from '../../shared/dates';

describe('fuzzy dates', () => {
  it.each([
    ['2026-02-14', '14 February 2026'],
    ['2026-02', 'February 2026'],
    ['2025-spring', 'spring 2025'],
    ['2026-early', 'early 2026'],
    ['2026', '2026'],
  ])('%s reads as "%s"', (canonical, words) => {
    expect(parseFuzzyDate(canonical)).not.toBeNull();
    expect(describeFuzzyDate(canonical)).toBe(words);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13', '2026-00', '26', '2026-fall', '1700', ''])(
    'refuses %j',
    (text) => expect(parseFuzzyDate(text)).toBeNull(),
  );

  it.each([
    ['14 Feb 2026', '2026-02-14'],
    ['February 14, 2026', '2026-02-14'],
    ['14 sept 2026', '2026-09-14'],
    ['Feb 2026', '2026-02'],
    ['Spring 2025', '2025-spring'],
    ['fall 2025', '2025-autumn'],
    ['mid-2026', '2026-mid'],
    ['early 2026', '2026-early'],
    [' 2026 ', '2026'],
    ['', null],
    ['29 Feb 2025', undefined],
    ['soon', undefined],
  ])('reads typed %j as %j', (typed, canonical) => {
    expect(parseDateInput(typed)).toBe(canonical);
  });

  it('knows the span an approximate date covers', () => {
    expect(fuzzyDateRange(parseFuzzyDate('2025-winter')!)).toEqual({
      from: '2025-12-01',
      to: '2026-02-28',
    });
    expect(fuzzyDateRange(parseFuzzyDate('2024-02')!)).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
  });

  it('refuses an end only when it is certainly before the start', () => {
    expect(endsBeforeStart('2026-02-14', '2026-02-13')).toBe(true);
    expect(endsBeforeStart('2026-02-14', '2026-02-14')).toBe(false);
    expect(endsBeforeStart('2026-02-14', '2026')).toBe(false);
    expect(endsBeforeStart('2026-early', '2026-02')).toBe(false);
    expect(endsBeforeStart('2026-late', '2026-02')).toBe(true);
  });

  it('describes a span, marking approximate ones', () => {
    expect(describeDateSpan('2026-02-14', '2026-02-15')).toBe(
      '14 February 2026 – 15 February 2026',
    );
    expect(describeDateSpan('2026-early', null)).toBe('≈ early 2026');
    expect(describeDateSpan(null, null)).toBe('');
  });
});
