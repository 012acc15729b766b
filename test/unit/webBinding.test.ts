// The web binding's process is started with V8's helper pool sized to leave the main thread a
// processor of its own (main/tools/web-binding.mjs; the bench measures the hold-up it prevents).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostNodeFlags } from '../../main/tools/web-binding.mjs';

describe('the web binding’s Node flags', () => {
  it('leave one processor free of V8’s helper threads, keeping at least one and at most four', () => {
    expect(hostNodeFlags(1)).toEqual(['--v8-pool-size=1']);
    expect(hostNodeFlags(2)).toEqual(['--v8-pool-size=1']);
    expect(hostNodeFlags(3)).toEqual(['--v8-pool-size=2']);
    expect(hostNodeFlags(16)).toEqual(['--v8-pool-size=4']);
  });

  it('are flags this Node accepts', () => {
    const run = spawnSync(process.execPath, [...hostNodeFlags(), '-p', 'process.execArgv'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--v8-pool-size=');
  });
});
