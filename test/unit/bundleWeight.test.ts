// What each built entry loads as it starts (issue 16: main process memory). The web binding's
// main thread only passes calls to the data workers: it never loads the validation library
// (zod, whose schemas the workers run) or Automerge. A data worker loads Automerge only when
// its library shares a negotiation (services/share/automerge.ts): never as it starts.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfNeeded } from '../../main/tools/build-if-needed.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
beforeAll(() => buildIfNeeded(root), 300_000);

/** Every package a built file loads as it starts: its static imports, and theirs. */
function packagesLoaded(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports only (`import … from "x"`, `import "x"`); `import("x")` loads on demand.
    for (const [, from] of code.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";?$/gm)) {
      if (from!.startsWith('.')) visit(resolve(dirname(file), from!));
      else packages.add(from!);
    }
  };
  visit(join(root, 'out', 'main', entry));
  return packages;
}

describe('what the built entries load as they start', () => {
  it('the web binding’s main thread: neither zod nor Automerge', () => {
    const loaded = packagesLoaded('web.js');
    // The walk does read the graph: the server's own modules are there.
    expect(loaded).toContain('node:http');
    expect(loaded).toContain('node:worker_threads');
    expect(loaded).not.toContain('zod');
    expect([...loaded].filter((p) => p.startsWith('@automerge/'))).toEqual([]);
  });

  it('a data worker: zod, but Automerge only on demand', () => {
    const loaded = packagesLoaded('data-worker.js');
    expect(loaded).toContain('zod');
    expect(loaded).toContain('better-sqlite3-multiple-ciphers');
    expect([...loaded].filter((p) => p.startsWith('@automerge/'))).toEqual([]);
    expect(readFileSync(join(root, 'out', 'main', 'data-worker.js'), 'utf8')).toContain(
      'import("@automerge/automerge")',
    );
  });
});
