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

/**
 * Reads a date as an officer types it: "2026-02-14", "14 Feb 2026", "February 14, 2026",
 * "Feb 2026", "2026-02", "spring 2025", "early 2026", "mid-2026", "2026". Returns the canonical
 * form, null for an empty field, or undefined when the text is not a date.
 */
export function parseDateInput(input: string): string | null | undefined {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/,/g, '');
  if (text === '') return null;
  const canonical = parseFuzzyDate(text);
  if (canonical) return formatCanonical(canonical);

  const check = (date: FuzzyDate) => {
    const back = parseFuzzyDate(formatCanonical(date));
    return back ? formatCanonical(back) : undefined;
  };
  let m = /^(spring|summer|autumn|fall|winter) (?:of )?(\d{4})$/.exec(text);
  if (m) {
    const season = (m[1] === 'fall' ? 'autumn' : m[1]) as Season;
    return check({ precision: 'season', year: Number(m[2]), season });
  }
  m = /^(early|mid|late)[- ](\d{4})$/.exec(text);
  if (m) return check({ precision: 'part', year: Number(m[2]), part: m[1] as YearPart });
  m = /^(\d{1,2}) ([a-z]+)\.? (\d{4})$/.exec(text);
  if (m && MONTH_LOOKUP.has(m[2]!)) {
    return check({
      precision: 'day',
      year: Number(m[3]),
      month: MONTH_LOOKUP.get(m[2]!)!,
      day: Number(m[1]),
    });
  }
  m = /^([a-z]+)\.? (\d{1,2}) (\d{4})$/.exec(text);
  if (m && MONTH_LOOKUP.has(m[1]!)) {
    return check({
      precision: 'day',
      year: Number(m[3]),
      month: MONTH_LOOKUP.get(m[1]!)!,
      day: Number(m[2]),
    });
  }
  m = /^([a-z]+)\.? (\d{4})$/.exec(text);
  if (m && MONTH_LOOKUP.has(m[1]!)) {
    return check({ precision: 'month', year: Number(m[2]), month: MONTH_LOOKUP.get(m[1]!)! });
  }
  return undefined;
}

export const DATE_INPUT_HINT =
  'Write a date such as 14 Feb 2026, Feb 2026, spring 2025, early 2026 or 2026.';

/** "14 February 2026 – 15 February 2026", "≈ early 2026", or '' when neither date is known. */
export function describeDateSpan(start: string | null, end: string | null): string {
  const a = describeFuzzyDate(start);
  const b = describeFuzzyDate(end);
  const approx = isApproximate(start) || isApproximate(end) ? '≈ ' : '';
  if (!a && !b) return '';
  if (!b || a === b) return approx + a;
  if (!a) return `${approx}until ${b}`;
  return `${approx}${a} – ${b}`;
}
