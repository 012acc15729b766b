import { describe, expect, it } from 'vitest';
import {
  dateInputError,
  describeDateSpan,
  describeFuzzyDate,
  endsBeforeStart,
  fuzzyDateRange,
  parseDateInput,
  parseDateRangeInput,
  parseFuzzyDate,
  readDateInput,
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
    // ISO is already canonical; year first with other separators too.
    ['2017-09-25', '2017-09-25'],
    ['2017/9/25', '2017-09-25'],
    ['2017-09', '2017-09'],
    // All in numbers, day and month first: one reading only, whatever the order.
    ['25/09/2017', '2017-09-25'],
    ['25.09.2017', '2017-09-25'],
    ['25-09-2017', '2017-09-25'],
    ['09/25/2017', '2017-09-25'],
    ['9/2017', '2017-09'],
    // Abbreviations with or without a dot, in any case; ordinals and commas.
    ['Sept 2017', '2017-09'],
    ['Sep. 2017', '2017-09'],
    ['25 sept. 2017', '2017-09-25'],
    ['25 SEP 2017', '2017-09-25'],
    ['Sept. 25, 2017', '2017-09-25'],
    ['25th September 2017', '2017-09-25'],
    ['September 25th, 2017', '2017-09-25'],
    ['25 of September 2017', '2017-09-25'],
    // A range is not one date.
    ['17-20 July 2017', undefined],
  ])('reads typed %j as %j', (typed, canonical) => {
    expect(parseDateInput(typed)).toBe(canonical);
  });

  it('reads a date in numbers that could be either by the order asked for, day first unasked', () => {
    expect(parseDateInput('04/05/2017')).toBe('2017-05-04');
    expect(parseDateInput('04/05/2017', { order: 'day-first' })).toBe('2017-05-04');
    expect(parseDateInput('04/05/2017', { order: 'month-first' })).toBe('2017-04-05');
    expect(parseDateInput('25/09/2017', { order: 'month-first' })).toBe('2017-09-25');
    expect(parseDateInput('09/25/2017', { order: 'day-first' })).toBe('2017-09-25');
  });

  it.each([
    ['25–28 Sept 2017', '2017-09-25', '2017-09-28'],
    ['17-20 July 2017', '2017-07-17', '2017-07-20'],
    ['17 - 20 July 2017', '2017-07-17', '2017-07-20'],
    ['28 Sept – 2 Oct 2017', '2017-09-28', '2017-10-02'],
    ['28 Sept-2 Oct 2017', '2017-09-28', '2017-10-02'],
    ['30 Dec 2017 – 2 Jan 2018', '2017-12-30', '2018-01-02'],
    ['30 Dec – 2 Jan 2018', '2017-12-30', '2018-01-02'],
    ['July 17–20, 2017', '2017-07-17', '2017-07-20'],
    ['25 Sept to 28 Sept 2017', '2017-09-25', '2017-09-28'],
    ['2017-09-25 – 2017-09-28', '2017-09-25', '2017-09-28'],
    ['2017-09-25–2017-09-28', '2017-09-25', '2017-09-28'],
    ['25/09/2017 - 28/09/2017', '2017-09-25', '2017-09-28'],
    ['Sept–Oct 2017', '2017-09', '2017-10'],
    ['spring – summer 2025', '2025-spring', '2025-summer'],
  ])('reads the range %j as %s to %s', (typed, start, end) => {
    expect(parseDateRangeInput(typed)).toEqual({ start, end });
    expect(readDateInput(typed)).toEqual({ kind: 'range', start, end });
  });

  it('reads a range of days in numbers by the order asked for', () => {
    expect(parseDateRangeInput('04/05/2017 – 06/05/2017', { order: 'month-first' })).toEqual({
      start: '2017-04-05',
      end: '2017-06-05',
    });
    expect(parseDateRangeInput('04/05/2017 – 06/05/2017')).toEqual({
      start: '2017-05-04',
      end: '2017-05-06',
    });
  });

  it.each([
    ['31/02/2026', '“31/02/2026” is not a date: February 2026 has 28 days.'],
    ['02/31/2026', '“02/31/2026” is not a date: February 2026 has 28 days.'],
    ['29 Feb 2025', '“29 Feb 2025” is not a date: February 2025 has 28 days.'],
    ['2026-02-30', '“2026-02-30” is not a date: February 2026 has 28 days.'],
    ['13/25/2026', '“13/25/2026” is not a date: there is no month 25.'],
    ['2026-13', '“2026-13” is not a date: there is no month 13.'],
    ['0/5/2026', '“0/5/2026” is not a date: there is no day 0.'],
    [
      '14 Fbr 2026',
      '“14 Fbr 2026” is not a date: the word “Fbr” is not a month, season or part of a year.',
    ],
    ['soon', '“soon” is not a date: the word “soon” is not a month, season or part of a year.'],
    ['14 Feb 1700', '“14 Feb 1700” is not a date: Parley takes years from 1800 to 2200, not 1700.'],
    ['25/09/17', '“25/09/17” is not a date: write the year in full, with four digits.'],
    ['14 Feb 26', '“14 Feb 26” is not a date: write the year in full, with four digits.'],
    ['14 Feb', '“14 Feb” is not a date: the year is missing.'],
    ['26', '“26” is not a date: it is not written in a form Parley reads.'],
    [
      '30 Dec 2017 – 2 Jan 2017',
      '“30 Dec 2017 – 2 Jan 2017” is not a range of dates: the end (2 January 2017) is before the start (30 December 2017).',
    ],
    [
      '28–2 Oct 2017',
      '“28–2 Oct 2017” is not a range of dates: the end (2 October 2017) is before the start (28 October 2017).',
    ],
    [
      '25-32 July 2017',
      '“25-32 July 2017” is not a range of dates: the end, “32 July 2017”, is not a date: July 2017 has 31 days.',
    ],
    [
      '25 – 28 Setp 2017',
      '“25 – 28 Setp 2017” is not a range of dates: the end, “28 Setp 2017”, is not a date: the word “Setp” is not a month, season or part of a year.',
    ],
    [
      '31 Sept – 2 Oct 2017',
      '“31 Sept – 2 Oct 2017” is not a range of dates: the start, “31 Sept”, is not a date: September 2017 has 30 days.',
    ],
    [
      '25 – Oct 2017',
      '“25 – Oct 2017” is not a range of dates: the start, “25”, is a day, but the end, “Oct 2017”, has none.',
    ],
  ])('explains why %j is refused', (typed, reason) => {
    expect(readDateInput(typed)).toEqual({ kind: 'error', reason });
  });

  it('explains the month-first reading when that is the order asked for', () => {
    expect(readDateInput('13/25/2026', { order: 'month-first' })).toEqual({
      kind: 'error',
      reason: '“13/25/2026” is not a date: there is no month 13.',
    });
  });

  it('words a field’s error as the field, the reason, then the forms it takes', () => {
    expect(dateInputError('Start date', readDateInput('31/02/2026'))).toBe(
      'Start date: “31/02/2026” is not a date: February 2026 has 28 days. ' +
        'Write a date such as 14 Feb 2026, 14/02/2026, Feb 2026, spring 2025, early 2026 or 2026.',
    );
    expect(dateInputError('Source date', readDateInput('17-20 July 2017'))).toBe(
      'Source date: “17–20 July 2017” is a range; this field takes one date. ' +
        'Write a date such as 14 Feb 2026, 14/02/2026, Feb 2026, spring 2025, early 2026 or 2026.',
    );
    expect(dateInputError('Start date', readDateInput('soon'), true)).toMatch(
      /, or a range such as 17–20 July 2017\.$/,
    );
    expect(dateInputError('Start date', readDateInput('17-20 July 2017'), true)).toBeUndefined();
    expect(dateInputError('Start date', readDateInput('14 Feb 2026'))).toBeUndefined();
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

  it('describes a span compactly, marking approximate ones', () => {
    expect(describeDateSpan('2017-07-17', '2017-07-20')).toBe('17–20 July 2017');
    expect(describeDateSpan('2017-09-28', '2017-10-02')).toBe('28 September – 2 October 2017');
    expect(describeDateSpan('2017-12-30', '2018-01-02')).toBe('30 December 2017 – 2 January 2018');
    expect(describeDateSpan('2017-09', '2017-10')).toBe('≈ September–October 2017');
    expect(describeDateSpan('2025-spring', '2025-06')).toBe('≈ spring 2025 – June 2025');
    expect(describeDateSpan('2026-02-14', '2026-02-14')).toBe('14 February 2026');
    expect(describeDateSpan('2026-early', null)).toBe('≈ early 2026');
    expect(describeDateSpan(null, '2026-02-14')).toBe('until 14 February 2026');
    expect(describeDateSpan(null, null)).toBe('');
  });
});
