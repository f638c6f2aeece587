import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScene } from '../../server/scene/index.ts';
import { createRegistry, type SessionRegistry } from '../../server/session/registry.ts';
import { createSessionPersistence, type SessionPersistence } from '../../server/session/persist.ts';
import type { Session } from '../../server/session/session.ts';
import { openSessionStore } from '../../server/storage/sessions.ts';
import { replaySession } from '../../server/session/replay.ts';
import { tempDir } from '../experiments/helpers.ts';
import { sessionState } from './helpers.ts';

/**
 * Sessions kept in SQLite come back after a restart by replay: the same engine state (report and snapshot equal
 * byte for byte to the original's at the same simulated time), the same intervention log and event log, the same
 * pacing (speed, paused, a step under way). Closing a session deletes it from the store.
 */

const tmp = tempDir();
afterAll(() => tmp.remove());

const scene = await loadScene('test/fixtures/short-line.yaml');
const other = await loadScene('scenes/two-machine.yaml');

/** A registry as `twin serve` makes it, kept in `file`. */
function server(file: string, warnings: string[] = []): { registry: SessionRegistry; persistence: SessionPersistence } {
  const registry = createRegistry('short-line', scene, { start: scene.run.warmup });
  const store = openSessionStore(file);
  expect(store.claim()).toBeNull();
  const persistence = createSessionPersistence({ store, registry, version: 'test', warn: (w) => warnings.push(w), saveEveryMs: 60_000 });
  return { registry, persistence };
}

const state = sessionState;

/** Advances like the pacing loop (its budget makes how far a tick gets depend on the machine: compare only at equal times): `ticks` ticks of `wall` seconds each, with a small CPU budget. */
function run(s: Session, ticks: number, wall = 0.05): void {
  for (let i = 0; i < ticks; i++) s.advance(wall, 2);
}

describe('sessions kept in SQLite', () => {
  it('come back at their last simulated time in exactly the state they had', () => {
    const file = join(tmp.dir, 'restart.db');
    const first = server(file);
    const line = first.registry.get(first.registry.defaultId)!;
    const a = first.registry.create('short-line', scene, { seed: 11, speed: 20, start: 60 });
    const b = first.registry.create('two-machine', other, { speed: 'max' });
    run(line, 30);
    line.setSpeed(50);
    expect(line.intervene({ type: 'fault', station: 'M1', duration: 45 }, 'the operator')).toBeNull();
    run(line, 40);
    run(a, 25);
    expect(a.intervene({ type: 'set', station: 'M1', param: 'cycleTime', value: { dist: 'constant', value: 3 } })).toBeNull();
    a.pause();
    const stepTo = a.step(2 * 86_400); // a step under way when the server stops: two days at full speed
    run(a, 1);
    expect(a.sim.now).toBeLessThan(stepTo);
    run(b, 5);
    b.reset(99);
    run(b, 3);
    b.pause();
    const before = new Map([line, a, b].map((s) => [s.id, state(s)]));
    first.persistence.close();

    const second = server(file);
    const { restored, dropped } = second.persistence.restore();
    expect(dropped).toEqual([]);
    expect(restored.map((r) => r.id)).toEqual(['s1', 's2', 's3']);
    expect(second.registry.all().map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    for (const [id, text] of before) expect(state(second.registry.get(id)!), id).toBe(text);
    // the pacing carries on: the step under way finishes, the paused session stays paused, new sessions get new ids
    const a2 = second.registry.get('s2')!;
    expect(a2.info()).toMatchObject({ paused: true, speed: 20 });
    for (const s of [a2, a]) for (let tick = 0; tick < 100_000 && s.sim.now < stepTo; tick++) run(s, 1);
    expect(a2.sim.now).toBe(stepTo);
    expect(state(a2)).toBe(state(a));
    expect(second.registry.create('short-line', scene).id).toBe('s4');
    // replay.ts gives the same engine from scene + seed + intervention log
    const line2 = second.registry.get('s1')!;
    const headless = replaySession(scene, line2.seed, line2.interventions, line2.sim.now);
    expect(JSON.stringify(headless.report())).toBe(JSON.stringify(line2.sim.report()));
    second.persistence.close();
  });

  it('forget a closed session; the join codes stay the same', () => {
    const file = join(tmp.dir, 'close.db');
    const first = server(file);
    const keep = first.registry.create('short-line', scene);
    const gone = first.registry.create('short-line', scene);
    first.registry.close(gone.id);
    const codes = first.registry.all().map((s) => s.info().code);
    first.persistence.close();
    const second = server(file);
    second.persistence.restore();
    expect(second.registry.all().map((s) => s.id)).toEqual(['s1', keep.id]);
    expect(second.registry.all().map((s) => s.info().code)).toEqual(codes);
    expect(second.registry.get(codes[1]!)?.id).toBe(keep.id);
    second.persistence.close();
  });

  it('start the default session anew when its scene changed, and keep the others', () => {
    const file = join(tmp.dir, 'default.db');
    const first = server(file);
    const kept = first.registry.create('short-line', scene);
    run(kept, 10);
    const oldCode = first.registry.get('s1')!.info().code;
    first.persistence.close();
    const warnings: string[] = [];
    const registry = createRegistry('two-machine', other, { start: other.run.warmup });
    const store = openSessionStore(file);
    store.claim();
    const persistence = createSessionPersistence({ store, registry, version: 'test', warn: (w) => warnings.push(w) });
    persistence.restore();
    expect(warnings).toEqual([expect.stringMatching(/^the default session starts anew: its scene, --seed or --speed changed/)]);
    expect(registry.get('s1')!.sceneKey).toBe('two-machine');
    expect(registry.get('s1')!.info().code).not.toBe(oldCode);
    expect(registry.get('s2')!.sim.now).toBe(kept.sim.now);
    persistence.close();
  });

  it('--fresh forgets what is stored; the sessions of the new run are kept as usual', () => {
    const file = join(tmp.dir, 'fresh.db');
    const first = server(file);
    first.registry.create('short-line', scene);
    first.persistence.close();
    const registry = createRegistry('short-line', scene, { start: scene.run.warmup });
    const store = openSessionStore(file);
    store.claim();
    const persistence = createSessionPersistence({ store, registry, version: 'test', warn: () => {}, fresh: true });
    expect(persistence.restore().restored).toEqual([]);
    expect(registry.all().map((s) => s.id)).toEqual(['s1']);
    registry.create('short-line', scene, { seed: 3 });
    persistence.close();
    const third = server(file);
    expect(third.persistence.restore().restored.map((r) => r.id)).toEqual(['s1', 's2']);
    expect(third.registry.get('s2')!.seed).toBe(3);
    third.persistence.close();
  });

  it('a store that fails to write is reported once; the sessions run on unsaved', () => {
    const warnings: string[] = [];
    const { registry, persistence } = server(join(tmp.dir, 'failing.db'), warnings);
    persistence.close(); // the file is closed under it: every later write fails
    const s = registry.create('short-line', scene);
    expect(s.intervene({ type: 'fault', station: 'M1', duration: 5 })).toBeNull();
    s.setSpeed(5);
    run(s, 5);
    persistence.flush();
    expect(warnings).toEqual([
      expect.stringMatching(/^sessions are no longer saved to .*failing\.db: The database connection is not open/),
    ]);
    expect(s.interventions).toHaveLength(1);
  });
});
