// The promise a security officer checks first: nothing leaves Parley marked lower than what it
// carries. For every output and every place a TOP SECRET item can be, in a negotiation where
// everything else is UNCLASSIFIED, the output is either marked TOP SECRET (banner and file name)
// or does not contain the item's text at all.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PrintOptions } from '../../main/services/briefing/desk';
import { createSample } from '../../main/services/sample';
import { exportFile } from '../../main/services/transfer';
import { tempApp, call } from './helpers';

const TOP_SECRET = 5;
const UNCLASSIFIED = 1;
const MARKER = 'Xylophonicmarker';
const ABOUT = { appVersion: 'test', schemaVersion: 7 };

type App = ReturnType<typeof tempApp>;

interface Setting {
  app: App;
  n: number;
  rounds: number[];
  printed: PrintOptions[];
}

async function setting(): Promise<Setting> {
  const blank = await PDFDocument.create();
  blank.addPage();
  const pdf = await blank.save();
  const printed: PrintOptions[] = [];
  const app = tempApp({
    printer: {
      print: async (_html, options) => {
        printed.push(options);
        return pdf;
      },
    },
    deliver: async () => ({ kind: 'download', url: 'api/download/x' }),
  });
  const n = createSample(app.store).id;
  const rounds = app.store
    .all<{ id: number }>('SELECT id FROM round WHERE negotiation_id = ? ORDER BY sequence', n)
    .map((r) => r.id);
  return { app, n, rounds, printed };
}

async function detail(app: App, n: number) {
  return await call(app, 'negotiations:get', { id: n });
}

async function aPosition(s: Setting, text: string, markingId: number) {
  const d = await detail(s.app, s.n);
  return await call(s.app, 'positions:create', {
    roundId: s.rounds.at(-1)!,
    partyId: d.parties[0]!.id,
    issueId: d.issues[0]!.id,
    text,
    markingId,
  });
}

const BRIEFS = ['round', 'comparison', 'overview'] as const;

function briefInput(s: Setting, kind: (typeof BRIEFS)[number]) {
  return {
    kind,
    negotiationId: s.n,
    roundId: s.rounds.at(-1),
    fromRoundId: s.rounds[0],
    toRoundId: s.rounds.at(-1),
  };
}

async function exportBriefs(s: Setting) {
  for (const kind of BRIEFS) {
    const job = await call(s.app, 'briefing:preview', briefInput(s, kind));
    await call(s.app, 'briefing:export', { jobId: job.jobId });
  }
}

/** Puts the TOP SECRET item (whose text holds MARKER) in one place. */
const PLACES: Record<string, (s: Setting) => Promise<void>> = {
  position: async (s) => void (await aPosition(s, `${MARKER} demand.`, TOP_SECRET)),
  'red line': async (s) => {
    const d = await detail(s.app, s.n);
    await call(s.app, 'redLines:create', {
      partyId: d.parties[1]!.id,
      issueId: d.issues[0]!.id,
      text: `${MARKER} red line.`,
      markingId: TOP_SECRET,
    });
  },
  'source cited by a red line': async (s) => {
    const d = await detail(s.app, s.n);
    const line = await call(s.app, 'redLines:create', {
      partyId: d.parties[1]!.id,
      issueId: d.issues[0]!.id,
      text: 'An unclassified red line.',
    });
    await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: `${MARKER} cable`,
      quote: `${MARKER} said so.`,
      markingId: TOP_SECRET,
      cite: { targetType: 'redLine', targetId: line.id },
    });
  },
  'source cited by a position': async (s) => {
    const p = await aPosition(s, 'An unclassified demand.', UNCLASSIFIED);
    await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: `${MARKER} cable`,
      quote: `${MARKER} said so.`,
      markingId: TOP_SECRET,
      cite: { targetType: 'position', targetId: p.id },
    });
  },
  // Dated between the sample's two rounds: the round brief lists it as a development since the
  // previous round, the overview in its dated timeline.
  development: async (s) => {
    const d = await detail(s.app, s.n);
    await call(s.app, 'developments:create', {
      negotiationId: s.n,
      kind: 'leak',
      startDate: '2025-09',
      title: `${MARKER} back channel`,
      summary: `${MARKER} met in Muscat.`,
      partyIds: [d.parties[0]!.id],
      issueIds: [d.issues[0]!.id],
      markingId: TOP_SECRET,
    });
  },
  'source cited by a development': async (s) => {
    const dev = await call(s.app, 'developments:create', {
      negotiationId: s.n,
      kind: 'meeting',
      startDate: '2025-10',
      title: 'An unclassified meeting',
    });
    await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: `${MARKER} cable`,
      quote: `${MARKER} said so.`,
      markingId: TOP_SECRET,
      cite: { targetType: 'development', targetId: dev.id },
    });
  },
  // In the sample's latest round: the round brief and the overview list the linkages in force.
  linkage: async (s) => {
    const d = await detail(s.app, s.n);
    await call(s.app, 'linkages:create', {
      roundId: s.rounds.at(-1)!,
      partyId: d.parties[0]!.id,
      kind: 'exchange',
      statement: `${MARKER} relief for enrichment.`,
      issueIds: [d.issues[0]!.id, d.issues[1]!.id],
      markingId: TOP_SECRET,
    });
  },
  'source cited by a linkage': async (s) => {
    const d = await detail(s.app, s.n);
    const linkage = await call(s.app, 'linkages:create', {
      roundId: s.rounds.at(-1)!,
      partyId: d.parties[0]!.id,
      kind: 'refusal',
      statement: 'An unclassified refusal.',
      issueIds: [d.issues[1]!.id],
    });
    await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: `${MARKER} cable`,
      quote: `${MARKER} said so.`,
      markingId: TOP_SECRET,
      cite: { targetType: 'linkage', targetId: linkage.id },
    });
  },
  package: async (s) => {
    const d = await detail(s.app, s.n);
    const round = await call(s.app, 'rounds:get', { id: s.rounds.at(-1)! });
    const own = round.positions.filter((p) => p.partyId === d.parties[0]!.id);
    await call(s.app, 'packages:create', {
      roundId: round.round.id,
      partyId: d.parties[0]!.id,
      stance: 'offered',
      title: `${MARKER} package`,
      positionIds: [own[0]!.id, own[1]!.id],
      markingId: TOP_SECRET,
    });
  },
  // An unclassified source cited by an unclassified position, standing on a TOP SECRET document:
  // the document's marking rolls up into the source wherever the source is listed.
  'document of a cited source': async (s) => {
    const p = await aPosition(s, 'An unclassified demand.', UNCLASSIFIED);
    const source = await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: 'An unclassified cable',
      markingId: UNCLASSIFIED,
      cite: { targetType: 'position', targetId: p.id },
    });
    await call(s.app, 'documents:attach', {
      sourceId: source.id,
      fileName: `${MARKER} cable.txt`,
      dataBase64: Buffer.from(`${MARKER} the cable's text.`).toString('base64'),
      markingId: TOP_SECRET,
    });
  },
  'listed source': async (s) => {
    await call(s.app, 'sources:create', {
      negotiationId: s.n,
      kind: 'leak',
      outlet: `${MARKER} cable`,
      markingId: TOP_SECRET,
    });
  },
  round: async (s) => {
    await call(s.app, 'rounds:update', {
      id: s.rounds.at(-1)!,
      summary: `${MARKER} summary.`,
      markingId: TOP_SECRET,
    });
  },
  person: async (s) => {
    const d = await detail(s.app, s.n);
    const person = await call(s.app, 'people:create', {
      partyId: d.parties[0]!.id,
      name: `${MARKER} Envoy`,
      markingId: TOP_SECRET,
    });
    const round = await call(s.app, 'rounds:get', { id: s.rounds.at(-1)! });
    await call(s.app, 'rounds:update', {
      id: s.rounds.at(-1)!,
      participantIds: [...round.round.participantIds, person.id],
    });
  },
  'old wording of a downgraded item': async (s) => {
    const p = await aPosition(s, `${MARKER} first wording.`, TOP_SECRET);
    await call(s.app, 'positions:update', {
      id: p.id,
      text: 'Reworded, and now unclassified.',
      markingId: UNCLASSIFIED,
    });
  },
  'deleted item in history': async (s) => {
    const p = await aPosition(s, `${MARKER} deleted demand.`, TOP_SECRET);
    await call(s.app, 'positions:delete', { id: p.id });
  },
  'item removed since the last brief': async (s) => {
    const p = await aPosition(s, `${MARKER} briefed, then removed.`, TOP_SECRET);
    await exportBriefs(s);
    await call(s.app, 'positions:delete', { id: p.id });
  },
};

interface Output {
  text: string;
  marking: string;
  fileName: string;
  /** The banner every page carries (PDF header and footer; a spreadsheet's first and last line). */
  banners: string[];
}

/** Every output Parley writes, as the officer would get it now. */
const OUTPUTS: Record<string, (s: Setting) => Promise<Output>> = {
  ...Object.fromEntries(
    BRIEFS.map((kind) => [
      `${kind} brief`,
      async (s: Setting): Promise<Output> => {
        const job = await call(s.app, 'briefing:preview', {
          ...briefInput(s, kind),
          sinceLast: true,
        });
        const text = s.app.briefings.html(job.jobId)!;
        await call(s.app, 'briefing:export', { jobId: job.jobId });
        const printed = s.printed.at(-1)!;
        return {
          text,
          marking: job.markingLabel,
          fileName: job.fileName,
          banners: [printed.headerHtml, printed.footerHtml],
        };
      },
    ]),
  ),
  ...Object.fromEntries(
    (['positions-csv', 'trajectory-csv', 'timeline-csv', 'linkages-csv'] as const).map((kind) => [
      kind,
      async (s: Setting): Promise<Output> => {
        const file = exportFile(s.app.store, s.n, kind, ABOUT);
        const lines = file.text
          .replace(/^\uFEFF/, '')
          .trimEnd()
          .split('\r\n');
        return {
          text: file.text,
          marking: file.floor.marking.label,
          fileName: file.fileName,
          banners: [lines[0]!, lines.at(-1)!],
        };
      },
    ]),
  ),
  ...Object.fromEntries(
    ([false, true] as const).map((includeHistory) => [
      `negotiation file${includeHistory ? ', full history' : ''}`,
      async (s: Setting): Promise<Output> => {
        const file = exportFile(s.app.store, s.n, 'negotiation', ABOUT, { includeHistory });
        return {
          text: file.text,
          marking: file.floor.marking.label,
          fileName: file.fileName,
          banners: [(JSON.parse(file.text) as { marking: string }).marking],
        };
      },
    ]),
  ),
};

describe('the marking roll-up', () => {
  it('marks every output TOP SECRET, or leaves the TOP SECRET item out, wherever it is', async () => {
    const matrix: Record<string, Record<string, string>> = {};
    const failures: string[] = [];
    for (const [place, put] of Object.entries(PLACES)) {
      matrix[place] = {};
      for (const [name, make] of Object.entries(OUTPUTS)) {
        const s = await setting();
        await put(s);
        const out = await make(s);
        const contains = out.text.includes(MARKER);
        const marked =
          out.marking === 'TOP SECRET' &&
          out.fileName.startsWith('TOP SECRET - ') &&
          out.banners.every((b) => b.includes('TOP SECRET'));
        matrix[place][name] = marked ? 'TOP SECRET' : contains ? 'LEAKS' : 'not in it';
        if (contains && !marked) failures.push(`${name} holds a TOP SECRET ${place} unmarked`);
      }
    }
    console.log(
      `[markings] each TOP SECRET item, in each output:\n${Object.entries(matrix)
        .map(
          ([place, row]) =>
            `  ${place.padEnd(34)} ${Object.entries(row)
              .map(([o, v]) => `${o}: ${v}`)
              .join(' · ')}`,
        )
        .join('\n')}`,
    );
    expect(failures).toEqual([]);
    // Not vacuous: the item is where it should be, and marks the output.
    // The timeline sheet holds rounds and developments, the linkages sheet linkages and
    // packages: neither holds positions' wordings.
    for (const output of Object.keys(OUTPUTS).filter(
      (o) => o !== 'timeline-csv' && o !== 'linkages-csv',
    )) {
      expect(matrix.position![output], output).toBe('TOP SECRET');
    }
    for (const output of ['round brief', 'overview brief', 'negotiation file']) {
      expect(matrix['source cited by a red line']![output], output).toBe('TOP SECRET');
      expect(matrix['source cited by a position']![output], output).toBe('TOP SECRET');
      expect(matrix.person![output], output).toBe('TOP SECRET');
      expect(matrix.development![output], output).toBe('TOP SECRET');
      expect(matrix['source cited by a development']![output], output).toBe('TOP SECRET');
      expect(matrix.linkage![output], output).toBe('TOP SECRET');
      expect(matrix['source cited by a linkage']![output], output).toBe('TOP SECRET');
    }
    expect(matrix['source cited by a position']!['positions-csv']).toBe('TOP SECRET');
    for (const output of ['round brief', 'overview brief', 'positions-csv']) {
      expect(matrix['document of a cited source']![output], output).toBe('TOP SECRET');
    }
    expect(matrix.development!['timeline-csv']).toBe('TOP SECRET');
    expect(matrix['source cited by a development']!['timeline-csv']).toBe('TOP SECRET');
    expect(matrix.round!['timeline-csv']).toBe('TOP SECRET');
    expect(matrix.linkage!['linkages-csv']).toBe('TOP SECRET');
    // The comparison brief lists the linkages added between its two rounds.
    expect(matrix.linkage!['comparison brief']).toBe('TOP SECRET');
    expect(matrix.package!['linkages-csv']).toBe('TOP SECRET');
    expect(matrix['source cited by a linkage']!['linkages-csv']).toBe('TOP SECRET');
    for (const output of BRIEFS.map((k) => `${k} brief`)) {
      expect(matrix['item removed since the last brief']![output], output).toBe('TOP SECRET');
    }
    expect(matrix['old wording of a downgraded item']!['negotiation file']).toBe('not in it');
    expect(matrix['old wording of a downgraded item']!['negotiation file, full history']).toBe(
      'TOP SECRET',
    );
    expect(matrix['deleted item in history']!['negotiation file, full history']).toBe('TOP SECRET');
    expect(matrix['listed source']!['round brief']).toBe('not in it');
  }, 120_000);

  it('refuses a lower marking for a brief, naming the item that forces it', async () => {
    const s = await setting();
    await PLACES['source cited by a red line']!(s);
    const refused = await s.app.dispatch('briefing:preview', {
      ...briefInput(s, 'overview'),
      markingId: 4,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        field: 'markingId',
        message: `This brief contains TOP SECRET material (source “${MARKER} cable”); it cannot be marked SECRET.`,
      },
    });
  });
});
