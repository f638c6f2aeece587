import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { StorySessions } from '../../server/protocol/training.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';
import { ok } from './helpers.ts';

/**
 * A viewer opening a story never resets what others may be watching: it joins the running pair, whatever its
 * state; a story pauses exactly at its end; an operator may restart it, and an operator's open of a story nobody
 * watches starts it anew.
 */

let server: RunningServer;
const pool = createClientPool(() => server);
const client = pool.client;

beforeAll(async () => {
  server = await startTestServer({ sceneFile: 'test/fixtures/training/line.yaml', scenesDir: 'test/fixtures/training' });
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
});

describe('stories', () => {
  it("a viewer opening a story joins the running pair and never resets it; an operator's open of an unwatched story restarts it", async () => {
    const viewer = await client();
    const first = await ok<StorySessions>(request(viewer, 'story:open', { story: 'quick' }));
    const end = first.story.start + first.story.duration;
    const before = server.registry.get(first.before.id)!;
    await waitFor(() => before.sim.now >= end, 30_000); // nobody joined the pair: it is unwatched
    const again = await ok<StorySessions>(request(viewer, 'story:open', { story: 'quick' }));
    expect([again.before.id, again.after.id]).toEqual([first.before.id, first.after.id]);
    expect(again.before.simTime).toBe(end);
    expect(before.sim.now).toBe(end);

    const operator = await client(TEST_TOKEN);
    const restarted = await ok<StorySessions>(request(operator, 'story:open', { story: 'quick' }));
    expect(restarted.before.simTime).toBeLessThan(end);
  });

  it('a story with a middle side runs three sessions, each with its own changes, paused together at the end and restarted together', async () => {
    const viewer = await client();
    const res = await ok<StorySessions>(request(viewer, 'story:open', { story: 'three' }));
    expect(res.story.middle).toEqual({ title: 'Buffer of 10', caption: 'A bit bigger' });
    const ids = [res.before.id, res.middle!.id, res.after.id];
    expect(new Set(ids).size).toBe(3);
    const sessions = ids.map((id) => server.registry.get(id)!);
    expect(sessions.map((s) => s.interventions.map((i) => i.intervention))).toEqual([
      [],
      [{ type: 'set', station: 'B1', param: 'capacity', value: 10 }],
      [{ type: 'set', station: 'B1', param: 'capacity', value: 20 }],
    ]);
    const end = res.story.start + res.story.duration;
    await waitFor(() => sessions.every((s) => s.sim.now >= end && s.info().paused), 30_000);
    const again = await ok<StorySessions>(request(viewer, 'story:open', { story: 'three', restart: true }));
    expect([again.before.id, again.middle!.id, again.after.id]).toEqual(ids);
    expect(sessions.every((s) => s.sim.now < end)).toBe(true);
    expect(sessions[1]!.interventions.map((i) => i.intervention)).toEqual([{ type: 'set', station: 'B1', param: 'capacity', value: 10 }]);
  });
});
