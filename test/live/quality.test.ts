import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { Frame, Snapshot } from '../../server/protocol/events.ts';
import { PART_REJECTED, PART_TAG_PRODUCT } from '../../server/protocol/events.ts';
import type { MachineSpec } from '../../server/sim/index.ts';
import { loadScene, type Scene } from '../../server/scene/index.ts';
import { replaySession } from '../../server/session/replay.ts';
import { createSession } from '../../server/session/session.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';

/**
 * Quality and product mix on the live stream (issue 13), on test/fixtures/quality-live.yaml with two products
 * (70/30), M1 making defects (5 % of A, 10 % of B) with a changeover at every change of product, CAM inspecting
 * (detect 80 %, false reject 2 %) and rejecting down the lane RJ to REPAIR (repairs 90 %): tags only for tagged parts, products
 * in the snapshot, quality in the KPI frame and the details, live detect/defects/mix/sequence changes replayed
 * exactly. The same line without the quality keys sends no tag at all.
 */

const FIXTURE = 'test/fixtures/quality-live.yaml';
const scene = await loadScene(FIXTURE);
const IN = 0,
  CAM = 3,
  RJ = 4;

/** The same line without products, defects, inspection or repairs: a one-product line as before issue 13. */
function withoutQuality(base: Scene): Scene {
  const scene = structuredClone(base);
  const line = scene.line;
  delete line.products;
  delete line.sequence;
  for (const st of line.stations) {
    if (st.type === 'source') continue;
    const m = st as MachineSpec;
    delete m.changeover;
    delete m.defects;
    delete m.inspection;
    delete m.repairs;
    if (m.type === 'inspection') m.type = 'machine';
  }
  return scene;
}
const plain = withoutQuality(scene);

/** Runs a fresh session minute by minute for `hours`, keeping every frame and each minute's snapshot tags beside the engine's. */
function watch(s: Scene, hours: number, key = 'quality-live') {
  const session = createSession({ id: 's', code: 'c', sceneKey: key, scene: s, speed: 1 });
  const frames: Frame[] = [];
  const snapshotTags: Array<{ sent: number[] | undefined; truth: number[] }> = [];
  for (let t = 60; t <= hours * 3600; t += 60) {
    session.fastForward(t);
    const frame = session.takeFrame();
    if (frame) frames.push(frame);
    const truth = session.sim.view.partsInPlace(500).flatMap((p) => (p.tag !== 0 ? [p.part, p.tag] : []));
    snapshotTags.push({ sent: session.snapshot('viewer').tags, truth });
  }
  return { frames, session, snapshotTags };
}

/** [partId, tag] pairs of a flat tags array. */
const pairs = (flat: readonly number[] | undefined): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let i = 0; flat && i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
};

describe('a two-product line with defects and an inspection, live', () => {
  const { frames, session, snapshotTags } = watch(scene, 2);

  it('the snapshot lists the products and the stations’ quality settings', () => {
    const snap = session.snapshot('viewer');
    expect(snap.products).toEqual([
      { id: 'A', color: '#3b82f6', share: 0.7 },
      { id: 'B', color: '#f59e0b', share: 0.3 },
    ]);
    const [, m1, , cam, , repair] = snap.stations;
    expect(cam!.type).toBe('inspection');
    expect(cam!.params!.inspection).toEqual({ detect: 0.8, falseReject: 0.02, reject: 'RJ' });
    expect(m1!.params!.defects).toEqual([0.05, 0.1]);
    expect(repair!.params!.repairs).toBe(0.9);
    expect(snap.stations[IN]!.release).toEqual({ mix: { A: 0.7, B: 0.3 }, sequence: 'random' });
  });

  it('the snapshot tags exactly the parts in place whose engine tag is not 0, and has no tags key without one', () => {
    for (const { sent, truth } of snapshotTags) expect(sent ?? []).toEqual(truth);
    expect(snapshotTags.filter((s) => s.sent === undefined).every((s) => s.truth.length === 0)).toBe(true);
    expect(snapshotTags.filter((s) => s.truth.length > 0).length).toBeGreaterThan(30);
  });

  it('frames carry a tag only for moved parts whose tag is not 0, in move order; rejects go down the lane marked', () => {
    let tagged = 0,
      productB = 0,
      rejectedMoves = 0;
    for (const f of frames) {
      const moved: number[] = [];
      for (let i = 0; i < f.moves.length; i += 5) moved.push(f.moves[i]!);
      const tags = pairs(f.tags);
      if (f.tags !== undefined) expect(tags.length).toBeGreaterThan(0); // never an empty array on the wire
      let k = 0;
      for (let i = 0; i < f.moves.length; i += 5) {
        const [part, from, to] = [f.moves[i]!, f.moves[i + 1]!, f.moves[i + 2]!];
        const entry = tags[k]?.[0] === part ? tags[k++]![1] : 0;
        if (entry !== 0) tagged++;
        if (entry >= PART_TAG_PRODUCT) productB++;
        if (from === CAM && to === RJ) {
          expect(entry & PART_REJECTED).toBe(PART_REJECTED);
          rejectedMoves++;
        } else if (from === CAM) expect(entry & PART_REJECTED).toBe(0);
      }
      expect(k).toBe(tags.length); // every entry belongs to a move, in order
      for (const [, tag] of tags) expect(tag).toBeGreaterThan(0);
    }
    expect(tagged).toBeGreaterThan(100);
    expect(productB).toBeGreaterThan(50);
    expect(rejectedMoves).toBeGreaterThan(0);
  });

  it('the KPI frame has the line’s quality and each product’s output', () => {
    const kpi = session.kpi();
    const report = session.sim.report();
    expect(kpi.lineQuality).toEqual({
      firstPassYield: Math.round(report.quality!.firstPassYield * 1e4) / 1e4,
      escapes: report.quality!.escapes,
      escapePpm: Math.round(report.quality!.escapePpm * 10) / 10,
      detected: report.quality!.detected,
      falseRejects: report.quality!.falseRejects,
      defectsMade: report.quality!.defectsMade,
    });
    expect(kpi.lineQuality!.firstPassYield).toBeGreaterThan(0.5);
    expect(kpi.lineQuality!.firstPassYield).toBeLessThan(1);
    expect(kpi.products!.map((p) => p.id)).toEqual(['A', 'B']);
    expect(kpi.products![0]!.good).toBe(report.products!.A!.good);
  });

  it('the details show what the inspection detected, missed and falsely rejected, the defects made and the changeovers', () => {
    const cam = session.details('CAM')!;
    expect(cam.quality).toEqual(session.sim.report().stations.CAM!.quality);
    expect(cam.quality!.detected).toBeGreaterThan(0);
    expect(cam.quality!.detected + cam.quality!.missed).toBeGreaterThan(0);
    expect(session.details('M1')!.quality!.defectsMade).toBeGreaterThan(0);
    expect(Object.keys(session.details('M1')!.changeovers!).sort()).toEqual(['A->B', 'B->A']);
    expect(session.details('REPAIR')!.quality!.repaired).toBeGreaterThan(0);
    expect(session.details('IN')!.release).toEqual({ mix: { A: 0.7, B: 0.3 }, sequence: 'random' });
  });
});

describe('quality interventions, live and replayed', () => {
  it('detect, defects, mix and sequence change the engine, show in the details and replay exactly', () => {
    const session = createSession({ id: 's', code: 'c', sceneKey: 'quality-live', scene, speed: 1 });
    session.fastForward(1800);
    expect(session.intervene({ type: 'set', station: 'CAM', param: 'detect', value: 0.3 })).toBeNull();
    expect(session.details('CAM')!.params!.inspection!.detect).toBe(0.3);
    expect(session.snapshot('viewer').stations[CAM]!.params!.inspection!.detect).toBe(0.3);
    const caught = session.details('CAM')!.quality!;
    session.fastForward(3600);
    expect(session.intervene({ type: 'set', station: 'M1', param: 'defects', value: { B: 0.2 } })).toBeNull();
    expect(session.details('M1')!.params!.defects).toEqual([0.05, 0.2]);
    expect(session.intervene({ type: 'set', station: 'IN', param: 'mix', value: { A: 0.5, B: 0.5 } })).toBeNull();
    session.fastForward(5400);
    expect(session.intervene({ type: 'set', station: 'IN', param: 'sequence', value: { batch: 10 } })).toBeNull();
    expect(session.details('IN')!.release).toEqual({ mix: { A: 0.5, B: 0.5 }, sequence: { batch: 10 } });
    session.fastForward(3 * 3600);
    // a third of the defects caught at most now: the detection rate after the change is far below 0.8
    const after = session.details('CAM')!.quality!;
    const detected = after.detected - caught.detected,
      defective = detected + after.missed - caught.missed;
    expect(defective).toBeGreaterThan(20);
    expect(detected / defective).toBeLessThan(0.55);
    expect(
      session
        .recentLog()
        .filter((e) => e.kind === 'intervention')
        .map((e) => e.text),
    ).toEqual([
      'CAM.detect set to 0.3',
      'M1.defects set to {"B":0.2}',
      'IN.mix set to {"A":0.5,"B":0.5}',
      'IN.sequence set to {"batch":10}',
    ]);
    const replayed = replaySession(scene, session.seed, session.interventions, session.sim.now);
    expect(replayed.report()).toEqual(session.sim.report());
  });

  it('the engine refuses a quality change a station cannot take, and nothing is logged', () => {
    const session = createSession({ id: 's', code: 'c', sceneKey: 'quality-live', scene, speed: 1 });
    session.fastForward(600);
    expect(session.intervene({ type: 'set', station: 'M1', param: 'detect', value: 0.5 })).toMatch(/M1 is not an inspection/);
    expect(session.intervene({ type: 'set', station: 'IN', param: 'mix', value: { A: 0.5, C: 0.5 } })).toMatch(/no product "C"/);
    expect(session.interventions).toEqual([]);
  });
});

describe('a one-product line without defects', () => {
  it('sends no tag, no products and no quality: not one byte more than before', () => {
    const { frames, session } = watch(plain, 1, 'plain');
    expect(frames.length).toBeGreaterThan(30);
    for (const f of frames) expect(JSON.stringify(f)).not.toContain('tags');
    const snap = session.snapshot('viewer');
    expect(snap.products).toBeUndefined();
    expect(snap.tags).toBeUndefined();
    expect(snap.kpi.lineQuality).toBeUndefined();
    expect(snap.kpi.products).toBeUndefined();
    expect(snap.stations.every((s) => s.release === undefined && s.params?.inspection === undefined)).toBe(true);
  });
});

describe('over the socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ sceneFile: FIXTURE });
  });
  const { client, closeAll } = createClientPool(() => server);
  afterAll(async () => {
    closeAll();
    await server.close();
  });

  it('a viewer joins with the products and tags; an operator sets detect, and a bad value is refused naming it', async () => {
    const viewer = await client();
    const joined = await request<{ snapshot: Snapshot }>(viewer, 'session:join', {});
    if (!joined.ok) throw new Error(joined.error);
    expect(joined.snapshot.products!.map((p) => p.id)).toEqual(['A', 'B']);
    const op = await client(TEST_TOKEN);
    await request(op, 'session:join', {});
    const session = server.registry.get(server.registry.defaultId)!;
    expect(await request(op, 'control:intervene', { type: 'set', station: 'CAM', param: 'detect', value: 1.5 })).toEqual({
      ok: false,
      error: 'invalid control:intervene: value: detect must be a probability in [0, 1]',
    });
    expect(await request(viewer, 'control:intervene', { type: 'set', station: 'CAM', param: 'detect', value: 0.5 })).toMatchObject({
      ok: false,
    }); // viewers do not intervene
    expect(session.interventions).toHaveLength(0);
    expect(await request(op, 'control:intervene', { type: 'set', station: 'CAM', param: 'detect', value: 0.95 })).toMatchObject({
      ok: true,
    });
    expect(session.details('CAM')!.params!.inspection!.detect).toBe(0.95);
  });
});
