// Event dates are often known only roughly ("spring 2025", "early 2026"). A fuzzy date keeps
// exactly the precision the officer has, in one sortable canonical string, so nothing is ever
// stored as a made-up exact day.
//
//   day      2026-02-14
//   month    2026-02
//   season   2025-spring | 2025-summer | 2025-autumn | 2025-winter
//   part     2026-early | 2026-mid | 2026-late
//   year     2026

export const DATE_PRECISIONS = ['day', 'month', 'season', 'part', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const;
export type Season = (typeof SEASONS)[number];
export const YEAR_PARTS = ['early', 'mid', 'late'] as const;
export type YearPart = (typeof YEAR_PARTS)[number];

export type FuzzyDate =
  | { precision: 'day'; year: number; month: number; day: number }
  | { precision: 'month'; year: number; month: number }
  | { precision: 'season'; year: number; season: Season }
  | { precision: 'part'; year: number; part: YearPart }
  | { precision: 'year'; year: number };

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// First and last month (1-based, inclusive) each approximate period covers. Winter runs from
// December of its year into February of the next (northern-hemisphere convention).
const SEASON_MONTHS: Record<Season, [number, number]> = {
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  winter: [12, 14],
};
const PART_MONTHS: Record<YearPart, [number, number]> = {
  early: [1, 4],
  mid: [5, 8],
  late: [9, 12],
};

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a canonical fuzzy date; returns null when the text is not one. */
export function parseFuzzyDate(text: string): FuzzyDate | null {
  const m =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-(spring|summer|autumn|winter)|-(early|mid|late))?$/.exec(
      text,
    );
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (m[4]) return { precision: 'season', year, season: m[4] as Season };
  if (m[5]) return { precision: 'part', year, part: m[5] as YearPart };
  if (!m[2]) return { precision: 'year', year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (!m[3]) return { precision: 'month', year, month };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { precision: 'day', year, month, day };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatCanonical(date: FuzzyDate): string {
  switch (date.precision) {
    case 'day':
      return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
    case 'month':
      return `${date.year}-${pad(date.month)}`;
    case 'season':
      return `${date.year}-${date.season}`;
    case 'part':
      return `${date.year}-${date.part}`;
    case 'year':
      return String(date.year);
  }
}

/** Human wording: "14 February 2026", "February 2026", "spring 2025", "early 2026", "2026". */
export function describeFuzzyDate(text: string | null): string {
  if (!text) return '';
  const d = parseFuzzyDate(text);
  if (!d) return text;
  switch (d.precision) {
    case 'day':
      return `${d.day} ${MONTH_NAMES[d.month - 1]} ${d.year}`;
    case 'month':
      return `${MONTH_NAMES[d.month - 1]} ${d.year}`;
    case 'season':
      return `${d.season} ${d.year}`;
    case 'part':
      return `${d.part} ${d.year}`;
    case 'year':
      return String(d.year);
  }
}

export function isApproximate(text: string | null): boolean {
  const d = text ? parseFuzzyDate(text) : null;
  return d !== null && d.precision !== 'day';
}

/** First and last day (ISO `YYYY-MM-DD`) the fuzzy date can stand for. */
export function fuzzyDateRange(date: FuzzyDate): { from: string; to: string } {
  const monthRange = (year: number, first: number, last: number) => {
    const lastYear = year + Math.floor((last - 1) / 12);
    const lastMonth = ((last - 1) % 12) + 1;
    return {
      from: `${year}-${pad(first)}-01`,
      to: `${lastYear}-${pad(lastMonth)}-${pad(daysInMonth(lastYear, lastMonth))}`,
    };
  };
  switch (date.precision) {
    case 'day': {
      const iso = formatCanonical(date);
      return { from: iso, to: iso };
    }
    case 'month':
      return monthRange(date.year, date.month, date.month);
    case 'season': {
      const [a, b] = SEASON_MONTHS[date.season];
      return monthRange(date.year, a, b);
    }
    case 'part': {
      const [a, b] = PART_MONTHS[date.part];
      return monthRange(date.year, a, b);
    }
    case 'year':
      return monthRange(date.year, 1, 12);
  }
}

/** A key that orders fuzzy dates by the earliest day they can stand for. */
export function fuzzyDateSortKey(text: string | null): string {
  const d = text ? parseFuzzyDate(text) : null;
  return d ? fuzzyDateRange(d).from : '9999-12-31';
}

/**
 * True when `end` certainly lies before `start`. Approximate dates overlap generously:
 * "2026" may end a round that started "February 2026".
 */
export function endsBeforeStart(start: string, end: string): boolean {
  const s = parseFuzzyDate(start);
  const e = parseFuzzyDate(end);
  if (!s || !e) return false;
  return fuzzyDateRange(e).to < fuzzyDateRange(s).from;
}

const MONTH_LOOKUP = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTH_LOOKUP.set(name.toLowerCase(), i + 1);
  MONTH_LOOKUP.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_LOOKUP.set('sept', 9);

/** Words a typed date may hold besides month names. */
const DATE_WORDS = new Set([
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
  'early',
  'mid',
  'late',
  'of',
]);

/**
 * How to read a date written all in numbers, such as 04/05/2026: 4 May (day first, as in most
 * of the world) or April 5 (month first, as in the United States). Only used when both
 * readings are dates; 25/09/2026 can only be 25 September.
 */
export const DATE_ORDERS = ['day-first', 'month-first'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export interface DateInputOptions {
  /** Defaults to day first. */
  order?: DateOrder;
}

/** Two canonical dates, the second not before the first. */
export interface DateRange {
  start: string;
  end: string;
}

/** What a typed date reads as: one date (null when empty), a range, or why it is neither. */
export type DateInput =
  | { kind: 'date'; value: string | null }
  | { kind: 'range'; start: string; end: string }
  | { kind: 'error'; reason: string };

/** A piece of typed text read as one date, or the reason it is not one (without quotes). */
type Piece = { date: FuzzyDate } | { problem: string };

const MONTH_WORD = '([a-z]+)';

/**
 * Lower case, single spaces, and no commas, ordinal endings ("25th") or abbreviation dots
 * ("Sept."), which change nothing in what a date means.
 */
function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/,/g, ' ')
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/([a-z])\./g, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Why a year, month and day are not a date, or undefined when they are one. */
function dayProblem(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (year < MIN_YEAR || year > MAX_YEAR) return yearProblem(year);
  if (day < 1) return `there is no day ${day}`;
  const days = daysInMonth(year, month);
  if (day > days) return `${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  return undefined;
}

const yearProblem = (year: number) =>
  `Parley takes years from ${MIN_YEAR} to ${MAX_YEAR}, not ${year}`;

function dayOf(year: number, month: number, day: number): Piece {
  const problem = dayProblem(year, month, day);
  return problem ? { problem } : { date: { precision: 'day', year, month, day } };
}

function monthOf(year: number, month: number): Piece {
  if (month < 1 || month > 12) return { problem: `there is no month ${month}` };
  if (year < MIN_YEAR || year > MAX_YEAR) return { problem: yearProblem(year) };
  return { date: { precision: 'month', year, month } };
}

/** 25/09/2017, 09/25/2017, 25.09.2017 or 25-09-2017: day first or month first, see DateOrder. */
function numericDay(first: number, second: number, year: number, order: DateOrder): Piece {
  const dayFirst = dayOf(year, second, first);
  const monthFirst = dayOf(year, first, second);
  const [preferred, other] =
    order === 'day-first' ? [dayFirst, monthFirst] : [monthFirst, dayFirst];
  if ('date' in preferred) return preferred;
  if ('date' in other) return other;
  // Neither reading is a date. Explain the one whose month exists ("February has 28 days"),
  // the preferred one when both or neither do.
  const monthExists = (month: number) => month >= 1 && month <= 12;
  const [dayFirstMonth, monthFirstMonth] = [second, first];
  if (monthExists(dayFirstMonth) !== monthExists(monthFirstMonth))
    return monthExists(dayFirstMonth) ? dayFirst : monthFirst;
  return preferred;
}

const NO_FORM = 'it is not written in a form Parley reads';

/** One date, as typed. */
function readPiece(typed: string, order: DateOrder): Piece {
  const text = normalise(typed);
  const canonical = parseFuzzyDate(text);
  if (canonical) return { date: canonical };

  let m = /^(spring|summer|autumn|fall|winter) (?:of )?(\d{4})$/.exec(text);
  if (m) {
    const year = Number(m[2]);
    if (year < MIN_YEAR || year > MAX_YEAR) return { problem: yearProblem(year) };
    const season = (m[1] === 'fall' ? 'autumn' : m[1]) as Season;
    return { date: { precision: 'season', year, season } };
  }
  m = /^(early|mid|late)[- ](\d{4})$/.exec(text);
  if (m) {
    const year = Number(m[2]);
    if (year < MIN_YEAR || year > MAX_YEAR) return { problem: yearProblem(year) };
    return { date: { precision: 'part', year, part: m[1] as YearPart } };
  }

  // All in numbers: year first (2017-09-25, 2017/9/25), or day and month first, either order.
  m = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?$/.exec(text);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[3])];
    return m[4] === undefined ? monthOf(year, month) : dayOf(year, month, Number(m[4]));
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d+)$/.exec(text);
  if (m) {
    if (m[4]!.length !== 4) return { problem: 'write the year in full, with four digits' };
    return numericDay(Number(m[1]), Number(m[3]), Number(m[4]), order);
  }
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  if (m) return monthOf(Number(m[2]), Number(m[1]));

  // With the month in words: 25 Sept 2017, Sept 25 2017, September 2017.
  m = new RegExp(`^(\\d{1,2}) (?:of )?${MONTH_WORD} (\\d+)$`).exec(text);
  if (m && MONTH_LOOKUP.has(m[2]!)) return named(Number(m[1]), m[2]!, m[3]!);
  m = new RegExp(`^${MONTH_WORD} (\\d{1,2}) (\\d+)$`).exec(text);
  if (m && MONTH_LOOKUP.has(m[1]!)) return named(Number(m[2]), m[1]!, m[3]!);
  m = new RegExp(`^${MONTH_WORD} (?:of )?(\\d+)$`).exec(text);
  if (m && MONTH_LOOKUP.has(m[1]!)) {
    if (m[2]!.length !== 4) return { problem: 'write the year in full, with four digits' };
    return monthOf(Number(m[2]), MONTH_LOOKUP.get(m[1]!)!);
  }

  // Not a form we know: say what stands out.
  const unknown = typed
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1')
    .match(/\p{L}+/gu)
    ?.find((w) => !MONTH_LOOKUP.has(w.toLowerCase()) && !DATE_WORDS.has(w.toLowerCase()));
  if (unknown) return { problem: `the word “${unknown}” is not a month, season or part of a year` };
  const year = text.match(/\d+/g)?.find((n) => n.length === 4);
  if (year && (Number(year) < MIN_YEAR || Number(year) > MAX_YEAR))
    return { problem: yearProblem(Number(year)) };
  if (!/\d{4}/.test(text) && /[a-z]/.test(text) && /\d/.test(text))
    return { problem: 'the year is missing' };
  return { problem: NO_FORM };
}

function named(day: number, monthWord: string, year: string): Piece {
  if (year.length !== 4) return { problem: 'write the year in full, with four digits' };
  return dayOf(Number(year), MONTH_LOOKUP.get(monthWord)!, day);
}

/** Where a typed range splits into its start and end: dashes, a spaced hyphen, or "to". */
const RANGE_SEPARATORS = [/\s*[–—]\s*/, /\s+-\s+/, /\s+(?:to|until|till)\s+/i];

/**
 * Splits a range at its one separator, or returns undefined. An unspaced hyphen separates only
 * where it cannot be part of a date (17-20 July 2017, but not 2017-09-25 or mid-2026); those
 * are tried after the text failed to read as one date.
 */
function splitRange(text: string, loose: boolean): [string, string] | undefined {
  const separators = loose ? [/-/] : RANGE_SEPARATORS;
  for (const separator of separators) {
    const pieces = text.split(separator);
    if (pieces.length === 2 && pieces[0]!.trim() && pieces[1]!.trim())
      return [pieces[0]!.trim(), pieces[1]!.trim()];
  }
  return undefined;
}

function readRange(whole: string, left: string, right: string, order: DateOrder): DateInput {
  const notRange = (why: string): DateInput => ({
    kind: 'error',
    reason: `“${whole}” is not a range of dates: ${why}.`,
  });
  const endText = normalise(right);
  const startText = normalise(left);

  // July 17–20 2017: the month before the first day, the year after the last.
  const monthFirst = new RegExp(`^${MONTH_WORD} (\\d{1,2})$`).exec(startText);
  const dayYear = /^(\d{1,2}) (\d{4})$/.exec(endText);
  const endPiece =
    monthFirst && dayYear && MONTH_LOOKUP.has(monthFirst[1]!)
      ? readPiece(`${dayYear[1]} ${monthFirst[1]} ${dayYear[2]}`, order)
      : readPiece(right, order);
  if ('problem' in endPiece)
    return notRange(`the end, “${right}”, is not a date: ${endPiece.problem}`);
  const endDate = endPiece.date;
  const end = formatCanonical(endDate);

  // The start may leave out what it shares with the end: 25–28 Sept 2017, 28 Sept – 2 Oct 2017,
  // Sept – Oct 2017.
  let startPiece = readPiece(left, order);
  let borrowedYear = false;
  if ('problem' in startPiece) {
    if (/^\d{1,2}$/.test(startText)) {
      if (endDate.precision !== 'day')
        return notRange(`the start, “${left}”, is a day, but the end, “${right}”, has none`);
      startPiece = dayOf(endDate.year, endDate.month, Number(startText));
    } else if (!/\d{4}/.test(startText)) {
      // Its reason too, when the end's year makes it a date that does not exist (31 Sept).
      const withYear = readPiece(`${startText} ${endDate.year}`, order);
      if ('date' in withYear || withYear.problem !== NO_FORM) startPiece = withYear;
      borrowedYear = 'date' in withYear;
    }
  }
  if ('problem' in startPiece)
    return notRange(`the start, “${left}”, is not a date: ${startPiece.problem}`);
  let start = formatCanonical(startPiece.date);

  // 30 Dec – 2 Jan 2018 runs over the new year: the start is in the year before.
  if (borrowedYear && endsBeforeStart(start, end)) {
    const earlier = readPiece(`${startText} ${endDate.year - 1}`, order);
    if ('date' in earlier) start = formatCanonical(earlier.date);
  }
  if (endsBeforeStart(start, end)) {
    return notRange(
      `the end (${describeFuzzyDate(end)}) is before the start (${describeFuzzyDate(start)})`,
    );
  }
  return { kind: 'range', start, end };
}

/**
 * Reads a date as an officer types it — "2026-02-14", "14 Feb 2026", "14 Sept. 2026",
 * "February 14, 2026", "14/02/2026" (day or month first: see DateOrder), "Feb 2026",
 * "spring 2025", "early 2026", "mid-2026", "2026" — or a range: "25–28 Sept 2017",
 * "17-20 July 2017", "28 Sept – 2 Oct 2017", "30 Dec 2017 – 2 Jan 2018". Dates come back in
 * canonical form; what is not a date comes back with the reason, in words.
 */
export function readDateInput(input: string, options: DateInputOptions = {}): DateInput {
  const order = options.order ?? 'day-first';
  const whole = input.trim().replace(/\s+/g, ' ');
  if (whole === '') return { kind: 'date', value: null };
  const single = readPiece(whole, order);
  if ('date' in single) return { kind: 'date', value: formatCanonical(single.date) };

  const split = splitRange(whole, false);
  if (split) return readRange(whole, split[0], split[1], order);
  // An unspaced hyphen: a range if it reads as one; if not, its reason when the text is in no
  // form of a single date either and ends like a day of a range ("25-32 July 2017").
  const loose = splitRange(whole, true);
  if (loose) {
    const range = readRange(whole, loose[0], loose[1], order);
    if (range.kind === 'range') return range;
    if (single.problem === NO_FORM && /\d/.test(loose[1]) && /\p{L}/u.test(loose[1])) return range;
  }
  return { kind: 'error', reason: `“${whole}” is not a date: ${single.problem}.` };
}

/** One typed date in canonical form, null for an empty field, undefined when it is not one. */
export function parseDateInput(
  input: string,
  options: DateInputOptions = {},
): string | null | undefined {
  const read = readDateInput(input, options);
  return read.kind === 'date' ? read.value : undefined;
}

/** A typed range ("17–20 July 2017") in canonical form, or undefined when it is not one. */
export function parseDateRangeInput(
  input: string,
  options: DateInputOptions = {},
): DateRange | undefined {
  const read = readDateInput(input, options);
  return read.kind === 'range' ? { start: read.start, end: read.end } : undefined;
}

export const DATE_INPUT_HINT =
  'Write a date such as 14 Feb 2026, 14/02/2026, Feb 2026, spring 2025, early 2026 or 2026.';

/**
 * The message for a date field whose text is not what it takes: the field, why, and the forms
 * it does take. `ranges` says whether the field also takes a range (a round's start date).
 */
export function dateInputError(label: string, read: DateInput, ranges = false): string | undefined {
  if (read.kind === 'date') return undefined;
  if (read.kind === 'range' && ranges) return undefined;
  const reason =
    read.kind === 'range'
      ? `“${describeDateSpan(read.start, read.end)}” is a range; this field takes one date.`
      : read.reason;
  const examples = ranges
    ? `${DATE_INPUT_HINT.slice(0, -1)}, or a range such as 17–20 July 2017.`
    : DATE_INPUT_HINT;
  return `${label}: ${reason} ${examples}`;
}

/**
 * The dates a round ran, compactly: "17–20 July 2017", "28 September – 2 October 2017",
 * "30 December 2017 – 2 January 2018"; "≈ early 2026" for approximate ones; '' when neither
 * date is known.
 */
export function describeDateSpan(start: string | null, end: string | null): string {
  const a = describeFuzzyDate(start);
  const b = describeFuzzyDate(end);
  const approx = isApproximate(start) || isApproximate(end) ? '≈ ' : '';
  if (!a && !b) return '';
  if (!b || a === b) return approx + a;
  if (!a) return `${approx}until ${b}`;
  const s = parseFuzzyDate(start!);
  const e = parseFuzzyDate(end!);
  if (s?.precision === 'day' && e?.precision === 'day' && s.year === e.year) {
    if (s.month === e.month) return `${s.day}–${e.day} ${MONTH_NAMES[e.month - 1]} ${e.year}`;
    return `${s.day} ${MONTH_NAMES[s.month - 1]} – ${e.day} ${MONTH_NAMES[e.month - 1]} ${e.year}`;
  }
  if (s?.precision === 'month' && e?.precision === 'month' && s.year === e.year)
    return `${approx}${MONTH_NAMES[s.month - 1]}–${MONTH_NAMES[e.month - 1]} ${e.year}`;
  return `${approx}${a} – ${b}`;
}

/**
 * What a date field says under itself once a date is read: "14 Feb 2026", "spring 2025
 * (approximate)", or for a typed range "17–20 July 2017: the start and end dates"; empty when
 * nothing is read yet.
 */
export function dateReading(value: string | null, range?: DateRange): string {
  if (range) return `${describeDateSpan(range.start, range.end)}: the start and end dates`;
  if (!value) return '';
  return `${describeFuzzyDate(value)}${isApproximate(value) ? ' (approximate)' : ''}`;
}

/** The example a date field shows while empty. */
export const datePlaceholder = (rangeAllowed: boolean) =>
  rangeAllowed ? 'e.g. 14 Feb 2026, 17–20 July 2017' : 'e.g. 14 Feb 2026, spring 2025';
