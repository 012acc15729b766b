// The process that hosts the data workers sizes their heaps for memory (HOST_V8_FLAGS): set in
// the process before its first worker starts, once, so the desktop app's main process has the
// flags too (Electron starts it: its command line is not Parley's to choose). What the flags
// save is a benchmark's figure (README, Benchmarks: main process memory), not a test's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers';

const v8 = vi.hoisted(() => ({ flags: [] as string[] }));
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString: (flag: string) => v8.flags.push(flag),
}));

beforeEach(() => {
  vi.resetModules();
  v8.flags.length = 0;
});

describe('the data workers’ host process', () => {
  it('sets V8 to favour memory over speed, once', async () => {
    const { HOST_V8_FLAGS, sizeHostHeaps } = await import('../../main/worker/host');
    expect(HOST_V8_FLAGS).toEqual(['--optimize-for-size']);
    sizeHostHeaps();
    sizeHostHeaps();
    expect(v8.flags).toEqual(['--optimize-for-size']);
  });

  it('sets the flags before the first data worker starts', async () => {
    const { startDataWorker } = await import('../../main/worker/host');
    const dir = tempDir();
    const script = join(dir, 'worker.mjs');
    // A worker that fails as it starts: the host must have set the flags by then.
    writeFileSync(script, "throw new Error('this worker does not start');\n");
    await expect(
      startDataWorker({
        databasePath: join(dir, 'library.sqlite'),
        transport: 'web',
        workerScript: script,
        key: null,
      }),
    ).rejects.toThrow(/does not start/);
    expect(v8.flags).toEqual(['--optimize-for-size']);
  });
});
