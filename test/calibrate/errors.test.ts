import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';

const SCENE = 'scenes/two-machine.yaml';

describe('twin calibrate: bad input exits 2 with a message and no stack', () => {
  it('a missing log', async () => {
    const { code, stderr } = await twin('calibrate', 'no/such/log.jsonl', '--scene', SCENE);
    expect(code).toBe(2);
    expect(stderr).toBe('error: no/such/log.jsonl:1: no such file\n');
  });

  it('a log naming a station the scene does not have', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calibrate-')), 'log.jsonl');
    writeFileSync(file, '{"t":0,"station":"M1","event":"state","state":"working"}\n{"t":1,"station":"M9","event":"part"}\n');
    const { code, stderr } = await twin('calibrate', file, '--scene', SCENE);
    expect(code).toBe(2);
    expect(stderr).toMatch(/log\.jsonl:2: no station "M9" in the scene; its stations are IN, M1, B1, M2, OUT/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing scene, and no --scene', async () => {
    const missing = await twin('calibrate', 'scenes/logs/two-machine.jsonl', '--scene', 'no-such-scene.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-scene\.yaml/);
    const none = await twin('calibrate', 'scenes/logs/two-machine.jsonl');
    expect(none.code).toBe(2);
  });

  it('a log with only buffer levels', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calibrate-')), 'log.jsonl');
    writeFileSync(file, '{"t":0,"station":"B1","event":"level","level":1}\n');
    const { code, stderr } = await twin('calibrate', file, '--scene', SCENE);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no machine events/);
  });
});
