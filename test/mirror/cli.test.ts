import { describe, expect, it } from 'vitest';
import { twin } from '../helpers/cli.ts';

/** `twin serve --mirror` and `--mirror-mqtt` refuse bad input at the start, with exit 2 and the reason. */

const SERVE = ['serve', '--no-build', '--no-persist', '--port', '0'];

describe('twin serve --mirror', () => {
  it('refuses a log that does not fit the scene, naming its lines', async () => {
    const { code, stderr } = await twin(...SERVE, '--scene', 'scenes/bottling.yaml', '--mirror', 'scenes/logs/two-machine.jsonl');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: --mirror: scenes\/logs\/two-machine\.jsonl:\d+: no station "M1" in the scene/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('refuses a missing log and a topic prefix with wildcards', async () => {
    const missing = await twin(...SERVE, '--mirror', 'no-such-log.jsonl');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-log\.jsonl/);
    const wild = await twin(...SERVE, '--mirror-mqtt', 'plant/+/line');
    expect(wild.code).toBe(2);
    expect(wild.stderr).toMatch(/topic prefix/);
  });

  it('refuses to mirror in a cluster', async () => {
    const { code, stderr } = await twin(...SERVE, '--redis', 'redis://127.0.0.1:1', '--mirror', 'scenes/logs/two-machine.jsonl');
    expect(code).toBe(2);
    expect(stderr).toMatch(/run in one process: start the mirroring server without --redis/);
  });
});
