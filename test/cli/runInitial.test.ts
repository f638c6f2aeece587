import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { twin } from '../helpers/cli.ts';

/** `twin run --initial <state.json>`: a run that opens in a line state (docs/plant.md, "Starting from a state"). */

const dir = mkdtempSync(join(os.tmpdir(), 'linetwin-initial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function stateFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('twin run --initial', () => {
  it('opens the run at the state and runs the horizon from its time, without a warm-up unless asked', async () => {
    const file = stateFile('state.json', {
      t: 7200,
      levels: { B1: 5 },
      units: { M1: [{ state: 'down', remaining: 30 }], M2: [{ state: 'working' }] },
    });
    const { code, stdout, stderr } = await twin('run', 'scenes/two-machine.yaml', '--initial', file, '--horizon', '1h', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.simTime).toBe(7200 + 3600);
    expect(r.observedSeconds).toBe(3600);
    expect(r.warmup).toBe(0);
    expect(r.initial).toEqual({ file, t: 7200 });
    expect(r.stations.M1.stateShare.down).toBeGreaterThanOrEqual(30 / 3600); // the state's failure: repaired at 7230 s
    const table = await twin('run', 'scenes/two-machine.yaml', '--initial', file, '--horizon', '1h', '--warmup', '10min');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^from the state in .*state\.json at 2\.00 h$/m);
    expect(table.stdout).toMatch(/warm-up 0\.2 h/);
  });

  it('a file of the wrong shape exits 2 naming the file, the path and the problem', async () => {
    const file = stateFile('bad.json', { t: 10, levels: { B1: -1 }, units: { M1: [{ state: 'broken' }] }, extra: 1 });
    const { code, stderr } = await twin('run', 'scenes/two-machine.yaml', '--initial', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json: levels\.B1: /);
    expect(stderr).toMatch(/bad\.json: units\.M1\[0\]\.state: /);
    expect(stderr).toMatch(/bad\.json: .*unknown key "extra"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a state that does not fit the scene exits 2 naming the station', async () => {
    const over = stateFile('over.json', { t: 0, levels: { B1: 6 } });
    const a = await twin('run', 'scenes/two-machine.yaml', '--initial', over);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/over\.json: B1: level 6 is above its capacity of 5/);
    const unknown = stateFile('unknown.json', { t: 0, units: { M9: [{ state: 'working' }] } });
    const b = await twin('run', 'scenes/two-machine.yaml', '--initial', unknown);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown\.json: units name unknown station M9/);
    const missing = await twin('run', 'scenes/two-machine.yaml', '--initial', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the file: no such file/);
    const notJson = await twin('run', 'scenes/two-machine.yaml', '--initial', stateFile('text.json', '{ t: '));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/text\.json/);
  });
});

describe('twin run --initial --event-log', () => {
  it('the log opens at the state: its time, every unit state, the stores levels, the failure the state holds', async () => {
    const file = stateFile('log-state.json', { t: 7200, levels: { B1: 5 }, units: { M1: [{ state: 'down', remaining: 30 }] } });
    const log = join(dir, 'fork.jsonl');
    const { code } = await twin('run', 'scenes/two-machine.yaml', '--initial', file, '--horizon', '10min', '--event-log', log);
    expect(code).toBe(0);
    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number; station: string; event: string; level?: number; state?: string });
    expect(Math.min(...events.map((e) => e.t))).toBe(7200);
    expect(events).toContainEqual(expect.objectContaining({ t: 7200, station: 'B1', event: 'level', level: 5 }));
    expect(events).toContainEqual(expect.objectContaining({ t: 7200, station: 'M1', event: 'fault' }));
    expect(events).toContainEqual(expect.objectContaining({ t: 7230, station: 'M1', event: 'repair' }));
    expect(events.filter((e) => e.event === 'level').every((e) => e.level! >= 0 && e.level! <= 5)).toBe(true);
  });
});
