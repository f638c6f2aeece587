/**
 * How long a restarted server takes to bring back a session a simulated week long (`npm run bench:restore`):
 * for each bundled scene, a session with an operator intervention every simulated day is run a week on, stored,
 * and restored; prints one JSON line per scene (restore ms, the headless run of the same week for comparison,
 * interventions). A restore replays the week: it costs what running it costs, plus the live observer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScene } from '../../server/scene/index.ts';
import { createRegistry } from '../../server/session/registry.ts';
import { createSessionPersistence } from '../../server/session/persist.ts';
import { openSessionStore } from '../../server/storage/sessions.ts';
import { replaySession } from '../../server/session/replay.ts';

const WEEK = 7 * 86_400;
const scenes = process.argv.slice(2).length ? process.argv.slice(2) : ['two-machine', 'bottling', 'automotive-body', 'smt-line'];
const dir = mkdtempSync(join(tmpdir(), 'linetwin-restore-'));
try {
  for (const key of scenes) {
    const scene = await loadScene(`scenes/${key}.yaml`);
    const file = join(dir, `${key}.db`);
    const open = (): ReturnType<typeof createSessionPersistence> => {
      const registry = createRegistry(key, scene, { start: 0 });
      const store = openSessionStore(file);
      store.claim();
      return Object.assign(createSessionPersistence({ store, registry, version: 'bench', warn: console.error }), { registry });
    };
    const first = open() as ReturnType<typeof open> & { registry: ReturnType<typeof createRegistry> };
    const s = first.registry.get(first.registry.defaultId)!;
    const machine = scene.line.stations.find((st) => st.type === 'machine')!.id;
    s.setSpeed('max');
    for (let day = 1; day <= 7; day++) {
      s.fastForward(day * 86_400 - 3600);
      s.intervene({ type: 'fault', station: machine, duration: 600 });
    }
    s.fastForward(WEEK);
    first.close();
    const t0 = performance.now();
    replaySession(scene, s.seed, s.interventions, WEEK); // first: the restore below gets no colder start than it
    const headless = performance.now() - t0;
    const second = open() as typeof first;
    const { restored } = second.restore();
    second.close();
    console.log(
      JSON.stringify({
        scene: key,
        simDays: 7,
        restoreMs: Math.round(restored[0]!.ms),
        headlessMs: Math.round(headless),
        interventions: s.interventions.length,
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
