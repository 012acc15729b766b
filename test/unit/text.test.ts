import { describe, expect, it } from 'vitest';
import { cleanText } from '../../shared/text';
import { tempApp, call } from './helpers';

// Text as officers paste it: Persian with the zero-width non-joiner, Hebrew and Arabic mixed
// with Latin and digits, emoji with joiners and skin tones, markup that must stay literal.
const KEPT = [
  'می‌خواهیم',
  'שלום world 123 مرحبا',
  '\u202bRLE embedded\u202c and \u200fRLM\u200e LRM',
  '👩🏽‍💻 🇮🇷 🇺🇸 1️⃣',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  "'; DROP TABLE position; --",
  'tab\there\nnew line',
];

describe('cleanText', () => {
  it('keeps every printable and format character', () => {
    for (const sample of KEPT) expect(cleanText(sample)).toBe(sample);
  });

  it('removes C0 (but tab and line feed), DEL and C1 control characters', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg')).toBe('abcdefg');
    expect(cleanText('\u000b\u000c')).toBe('');
  });

  it('makes every line end a line feed', () => {
    expect(cleanText('one\r\ntwo\rthree\nfour')).toBe('one\ntwo\nthree\nfour');
  });
});

describe('text through the contract', () => {
  async function seeded() {
    const app = tempApp();
    const { dispatch } = app;
    await call(dispatch, 'negotiations:create', {
      title: 'Talks',
      parties: [{ name: 'A', shortCode: 'A', role: 'principal' }],
      issues: [{ title: 'E' }],
    });
    await call(dispatch, 'rounds:create', { negotiationId: 1, sequence: 1, title: 'R1' });
    return app;
  }

  it('stores odd text exactly, control characters aside, and finds it again', async () => {
    const { dispatch } = await seeded();
    for (const sample of KEPT) {
      const created = await call(dispatch, 'positions:create', {
        roundId: 1,
        partyId: 1,
        issueId: 1,
        text: sample,
      });
      expect(created.text).toBe(sample.trim());
    }
    const dirty = await call(dispatch, 'positions:create', {
      roundId: 1,
      partyId: 1,
      issueId: 1,
      text: 'Stop\u0000 enrichment\u001b[31m\r\nnow',
    });
    expect(dirty.text).toBe('Stop enrichment[31m\nnow');
    const found = await call(dispatch, 'search:query', { query: 'می‌خواهیم' });
    expect(found.total).toBe(1);
  });

  it('takes a 100 KB position whole and refuses one over the limit by name', async () => {
    const { dispatch } = await seeded();
    const long = 'Enrichment cap of 3.67 percent. '.repeat(3200);
    expect(long.length).toBeGreaterThan(100_000);
    const created = await call(dispatch, 'positions:create', {
      roundId: 1,
      partyId: 1,
      issueId: 1,
      text: long,
    });
    expect(created.text).toBe(long.trim());
    const round = await call(dispatch, 'rounds:get', { id: 1 });
    expect(round.positions.find((p) => p.id === created.id)?.text).toBe(long.trim());
    expect(
      await dispatch('positions:create', {
        roundId: 1,
        partyId: 1,
        issueId: 1,
        text: 'x'.repeat(200_001),
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'text', message: 'Position text must be at most 200,000 characters.' },
    });
  });
});
