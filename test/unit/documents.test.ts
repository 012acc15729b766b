// Source documents: each kind of file extracts its text; hostile files are refused with a clear
// message and change nothing; search finds a word on page 2 and says page 2; the marking rolls up;
// deleting a document is one undoable step.
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../shared/documents';
import { aDocx, aDocxBomb, aPdf, base64 } from '../support/documents';
import { exportFile } from '../../main/services/transfer';
import { aNegotiation, call, checksum, tempApp } from './helpers';

async function setUp() {
  const app = tempApp();
  const n = await aNegotiation(app);
  const source = await call(app, 'sources:create', {
    negotiationId: n.negotiation.id,
    kind: 'leak',
    outlet: 'Cable 24 GENEVA 118',
  });
  return { app, n, source, id: n.negotiation.id };
}

const attach = (
  app: ReturnType<typeof tempApp>,
  sourceId: number,
  fileName: string,
  bytes: Uint8Array | string,
  markingId: number | null = null,
) => app.dispatch('documents:attach', { sourceId, fileName, dataBase64: base64(bytes), markingId });

describe('documents', () => {
  it('extracts a PDF page by page, and search finds a word on page 2 and reports page 2', async () => {
    const { app, source, id } = await setUp();
    const pdf = await aPdf(['First page: opening remarks.', 'Second page: the centrifuge cap.']);
    const doc = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'readout.pdf',
      dataBase64: base64(pdf),
      markingId: null,
    });
    expect(doc).toMatchObject({ mediaType: 'pdf', partCount: 2, size: pdf.byteLength });
    const view = await call(app, 'documents:view', { id: doc.id });
    expect(view.parts).toEqual([
      { number: 1, text: 'First page: opening remarks.' },
      { number: 2, text: 'Second page: the centrifuge cap.' },
    ]);
    // The viewer draws the pages from the file's own bytes, which reach it unchanged.
    expect(Buffer.from(view.pdf!, 'base64').equals(Buffer.from(pdf))).toBe(true);
    expect(view.html).toBeNull();
    expect(view.dataUrl).toBeNull();
    const results = await call(app, 'search:query', {
      query: 'centrifuge',
      negotiationId: id,
      partyId: null,
      issueId: null,
      kind: null,
      fromSequence: null,
      toSequence: null,
      limit: 10,
    });
    const group = results.groups.find((g) => g.kind === 'document_part');
    expect(group?.hits).toHaveLength(1);
    expect(group!.hits[0]!.document).toEqual({ id: doc.id, part: 2, sourceId: source.id });
    expect(group!.hits[0]!.label).toContain('page 2');
    const detail = await call(app, 'negotiations:get', { id });
    expect(detail.documents.map((d) => d.fileName)).toEqual(['readout.pdf']);
  });

  it('extracts a Word document, plain text and a web page by paragraph; an image has no text', async () => {
    const { app, source } = await setUp();
    const docx = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'draft.docx',
      dataBase64: base64(await aDocx(['Article 1. Enrichment.', 'Article 2. Sanctions relief.'])),
      markingId: null,
    });
    expect(docx).toMatchObject({ mediaType: 'docx', partCount: 2 });
    const docxView = await call(app, 'documents:view', { id: docx.id });
    expect(docxView.parts[1]).toEqual({ number: 2, text: 'Article 2. Sanctions relief.' });
    expect(docxView.html).toContain('<p>Article 1. Enrichment.</p>');

    const text = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'notes.txt',
      dataBase64: base64('Para one\nstill one.\n\nPara two — مذاکرات.'),
      markingId: null,
    });
    expect((await call(app, 'documents:view', { id: text.id })).parts).toEqual([
      { number: 1, text: 'Para one\nstill one.' },
      { number: 2, text: 'Para two — مذاکرات.' },
    ]);

    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const image = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'photo.png',
      dataBase64: base64(png),
      markingId: null,
    });
    const imageView = await call(app, 'documents:view', { id: image.id });
    expect(image.partCount).toBe(0);
    expect(imageView.dataUrl).toMatch(/^data:image\/png;base64,iVBOR/);
    expect([docxView.pdf, imageView.pdf]).toEqual([null, null]);
  });

  it('reads the text of a web page with a script without running it', async () => {
    const { app, source } = await setUp();
    const html = `<!doctype html><html><head><title>Statement</title>
      <script>globalThis.ran = true; document.write('INJECTED')</script>
      <style>p { color: red }</style></head>
      <body><p>Tehran &amp; Washington <b>agree</b>.</p><img src=x onerror="globalThis.ran=1">
      <p>Next&nbsp;steps.</p></body></html>`;
    const doc = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'statement.html',
      dataBase64: base64(html),
      markingId: null,
    });
    const view = await call(app, 'documents:view', { id: doc.id });
    expect(view.parts.map((p) => p.text)).toEqual(['Tehran & Washington agree.', 'Next steps.']);
    expect(JSON.stringify(view.parts)).not.toContain('INJECTED');
    expect((globalThis as { ran?: unknown }).ran).toBeUndefined();
    // The page is handed to the viewer as it is, for a sandboxed frame that runs no script.
    expect(view.html).toContain('<script>');
  });

  it('refuses a PDF that is not a PDF, an empty file, a file over the limit, a DOCX bomb and binary data, changing nothing', async () => {
    const { app, source } = await setUp();
    const before = checksum(app.store);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['cable.pdf', 'MZ\u0090\u0000 this is an executable', /named as a PDF but its content/],
      ['cable.pdf', 'Just some words, not a PDF.', /named as a PDF but its content is plain text/],
      ['empty.txt', new Uint8Array(0), /is empty \(0 bytes\)/],
      ['huge.txt', new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(65), /at most 20 MB/],
      ['bomb.docx', aDocxBomb(), /ZIP bomb/],
      ['blob.bin', new Uint8Array([0, 1, 2, 3, 0xff, 0xfe]), /not a kind of file Parley keeps/],
      ['broken.pdf', '%PDF-1.7\n this is not really a PDF at all', /could not be read as one/],
    ];
    for (const [name, bytes, message] of cases) {
      const result = await attach(app, source.id, name, bytes);
      expect(result, name).toMatchObject({ ok: false, error: { message } });
    }
    expect(checksum(app.store)).toBe(before);
  });

  it('refuses bytes over the limit before decoding them', async () => {
    const { app, source } = await setUp();
    const result = await app.dispatch('documents:attach', {
      sourceId: source.id,
      fileName: 'big.pdf',
      dataBase64: 'A'.repeat(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 4),
      markingId: null,
    });
    expect(result).toMatchObject({ ok: false, error: { field: 'dataBase64' } });
  });

  it('deletes a document in one undoable step, its text and search entries with it', async () => {
    const { app, source, id } = await setUp();
    const doc = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'readout.pdf',
      dataBase64: base64(await aPdf(['alpha', 'bravo zulu'])),
      markingId: null,
    });
    const rows = () =>
      ['document', 'document_part', 'document_content', 'search_index']
        .map((t) => JSON.stringify(app.store.all(`SELECT rowid, * FROM ${t} ORDER BY rowid`)))
        .join('\n');
    const attached = rows();
    await call(app, 'documents:delete', { id: doc.id });
    expect((await call(app, 'negotiations:get', { id })).documents).toEqual([]);
    expect(app.store.get('SELECT COUNT(*) AS n FROM document_part')).toEqual({ n: 0 });
    await call(app, 'history:undo', { scopeId: id });
    const back = await call(app, 'documents:view', { id: doc.id });
    expect(back.parts.map((p) => p.text)).toEqual(['alpha', 'bravo zulu']);
    // Rows, bytes and search entries are exactly as they were (only the history grew).
    expect(rows()).toBe(attached);
    const hits = await call(app, 'search:query', {
      query: 'zulu',
      negotiationId: id,
      partyId: null,
      issueId: null,
      kind: 'document_part',
      fromSequence: null,
      toSequence: null,
      limit: 10,
    });
    expect(hits.total).toBe(1);
  });

  it('keeps one copy of the same bytes attached twice, and the marking of each document', async () => {
    const { app, source } = await setUp();
    const markings = await call(app, 'markings:list', {});
    const secret = markings.at(-1)!;
    const bytes = base64('Same text.');
    const a = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'a.txt',
      dataBase64: bytes,
      markingId: null,
    });
    const b = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'b.txt',
      dataBase64: bytes,
      markingId: secret.id,
    });
    expect(a.sha256).toBe(b.sha256);
    expect(b.markingId).toBe(secret.id);
    expect(app.store.get('SELECT COUNT(*) AS n FROM document_content')).toEqual({ n: 1 });
    const edited = await call(app, 'documents:update', { id: a.id, markingId: secret.id });
    expect(edited.markingId).toBe(secret.id);
  });

  it('cites a page of a document from a position, refuses a page it lacks or another source’s document, and keeps the citation when the document goes', async () => {
    const { app, n, source, id } = await setUp();
    const other = await call(app, 'sources:create', {
      negotiationId: id,
      kind: 'press_report',
      outlet: 'Gazette',
    });
    const doc = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'readout.pdf',
      dataBase64: base64(await aPdf(['one', 'two', 'three'])),
      markingId: null,
    });
    const round = await call(app, 'rounds:create', { negotiationId: id, sequence: 1, title: 'R1' });
    const position = await call(app, 'positions:create', {
      roundId: round.id,
      partyId: n.parties[0]!.id,
      issueId: n.issues[0]!.id,
      text: 'Zero enrichment.',
    });
    const base = { targetType: 'position', targetId: position.id, note: '' } as const;
    const before = checksum(app.store);
    for (const [input, field, message] of [
      [{ sourceId: source.id, documentId: doc.id, partNumber: 4 }, 'partNumber', /has 3 pages/],
      [{ sourceId: other.id, documentId: doc.id, partNumber: 1 }, 'documentId', /another source/],
      [
        { sourceId: source.id, documentId: null, partNumber: 2 },
        'partNumber',
        /Choose the document/,
      ],
    ] as const) {
      const result = await app.dispatch('citations:create', { ...base, ...input });
      expect(result).toMatchObject({ ok: false, error: { field, message } });
    }
    expect(checksum(app.store)).toBe(before);

    const citation = await call(app, 'citations:create', {
      ...base,
      sourceId: source.id,
      documentId: doc.id,
      partNumber: 3,
      passage: 'three',
    });
    expect(citation).toMatchObject({ documentId: doc.id, partNumber: 3, passage: 'three' });
    await call(app, 'documents:delete', { id: doc.id });
    const after = await call(app, 'rounds:get', { id: round.id });
    expect(after.citations).toEqual([
      expect.objectContaining({ id: citation.id, documentId: null, partNumber: 3 }),
    ]);
    await call(app, 'history:undo', { scopeId: id });
    const back = await call(app, 'rounds:get', { id: round.id });
    expect(back.citations[0]).toMatchObject({ documentId: doc.id, partNumber: 3 });
  });
});

describe('documents in negotiation files', () => {
  it('leaves them out by default, carries them when asked, and refuses a file whose document bytes were changed', async () => {
    const { app, source, id } = await setUp();
    await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'readout.pdf',
      dataBase64: base64(await aPdf(['alpha', 'the word zanzibar'])),
      markingId: null,
    });
    const about = { appVersion: 'test', schemaVersion: 0 };
    const without = JSON.parse(exportFile(app.store, id, 'negotiation', about).text);
    expect(without.sources[0].documents).toEqual([]);
    const text = exportFile(app.store, id, 'negotiation', about, { includeDocuments: true }).text;
    const withDocs = JSON.parse(text);
    const doc = withDocs.sources.find((s: { id: number }) => s.id === source.id).documents[0];
    expect(doc).toMatchObject({ fileName: 'readout.pdf', mediaType: 'pdf' });
    expect(doc.parts.map((p: { text: string }) => p.text)).toEqual(['alpha', 'the word zanzibar']);

    const b = tempApp();
    const imported = await call(b, 'transfer:import', { fileName: 'f.json', content: text });
    const hits = await call(b, 'search:query', {
      query: 'zanzibar',
      negotiationId: imported.negotiationId,
      partyId: null,
      issueId: null,
      kind: null,
      fromSequence: null,
      toSequence: null,
      limit: 10,
    });
    expect(hits.groups[0]?.hits[0]?.document?.part).toBe(2);

    // One byte of the document changed: its SHA-256 no longer matches; nothing is imported.
    const bytes = Buffer.from(doc.content, 'base64');
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    doc.content = bytes.toString('base64');
    const c = tempApp();
    const before = checksum(c.store);
    const refused = await c.dispatch('transfer:import', {
      fileName: 'tampered.json',
      content: JSON.stringify(withDocs),
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/documents\[0\].*does not match its sha256/) },
    });
    expect(checksum(c.store)).toBe(before);
  });
});

describe('removing a document permanently', () => {
  it('leaves neither its bytes, nor its text, nor its history', async () => {
    const { app, source } = await setUp();
    const doc = await call(app, 'documents:attach', {
      sourceId: source.id,
      fileName: 'wrong-marking.txt',
      dataBase64: base64('Entered under the wrong marking.'),
      markingId: null,
    });
    await call(app, 'documents:delete', { id: doc.id });
    // Deleted, it can still be undone: its bytes stay.
    expect(app.store.get('SELECT COUNT(*) AS n FROM document_content')).toEqual({ n: 1 });
    await call(app, 'history:undo', { scopeId: source.negotiationId });
    await call(app, 'removal:confirm', { entity: 'document', id: doc.id });
    expect(app.store.get('SELECT COUNT(*) AS n FROM document_content')).toEqual({ n: 0 });
    expect(
      app.store.all(
        `SELECT 1 FROM history WHERE after LIKE '%wrong marking%' OR before LIKE '%wrong marking%'`,
      ),
    ).toEqual([]);
  });
});

describe('the sample negotiation', () => {
  it('has one attached document, its paragraphs searchable and one citation pointing into it', async () => {
    const app = tempApp();
    const sample = await call(app, 'samples:create', {});
    const detail = await call(app, 'negotiations:get', { id: sample.id });
    expect(detail.documents).toHaveLength(1);
    const doc = detail.documents[0]!;
    expect(doc).toMatchObject({ mediaType: 'html', fileName: 'Desk notes on the column.html' });
    const view = await call(app, 'documents:view', { id: doc.id });
    expect(view.parts[3]!.text).toBe(
      "Ali Shamkhani: “Iran's missile capabilities cannot be negotiated.”",
    );
    const cited = app.store.get<{ part_number: number }>(
      'SELECT part_number FROM citation WHERE document_id = ?',
      doc.id,
    );
    expect(cited).toEqual({ part_number: 4 });
  });
});
