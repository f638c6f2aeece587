import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { createTickListeners } from '../../server/live/pacing.ts';
import { startLiveServer } from '../../server/live/server.ts';
import { loadScene } from '../../server/scene/index.ts';
import { loadSceneCatalog } from '../../server/scene/catalog.ts';
import { createRegistry } from '../../server/session/registry.ts';
import type { Session } from '../../server/session/session.ts';

describe('tick listeners (what plant connections hear)', () => {
  it('tells every listener, reports one that throws without stopping the others, and stops telling a removed one', () => {
    const warnings: string[] = [];
    const ticks = createTickListeners((text) => warnings.push(text));
    const heard: string[] = [];
    const removeFirst = ticks.add((s) => heard.push(`a:${s.id}`));
    ticks.add(() => {
      throw new Error('broker gone');
    });
    ticks.add((s) => heard.push(`c:${s.id}`));
    const session = { id: 's1' } as Session;
    ticks.tell(session);
    removeFirst();
    ticks.tell(session);
    expect(heard).toEqual(['a:s1', 'c:s1', 'c:s1']);
    expect(warnings).toEqual([
      'a plant connection failed on session s1: broker gone',
      'a plant connection failed on session s1: broker gone',
    ]);
  });

  it('a feature hears each session after its ticks, at the simulated time the viewers were sent', async () => {
    const scene = await loadScene('scenes/two-machine.yaml');
    const registry = createRegistry('two-machine', scene, { speed: 600 });
    const seen: number[] = [];
    const server = await startLiveServer({
      port: 0,
      host: '127.0.0.1',
      operatorToken: 'correct-horse-battery-staple-42',
      registry,
      catalog: await loadSceneCatalog('scenes', ['scenes/two-machine.yaml'], () => {}),
      tickMs: 20,
      features: [(host) => (host.onTick((s) => seen.push(s.sim.now)), { connect: () => {} })],
    });
    try {
      const client = connect(server.url, { transports: ['websocket'] });
      client.emit('session:join', {}, () => {});
      const kpiT = await new Promise<number>((resolve) => client.on('sim:kpi', (k: { t: number }) => resolve(k.t)));
      client.close();
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.every((t, k) => k === 0 || t >= seen[k - 1]!)).toBe(true);
      expect(seen.some((t) => Math.abs(t - kpiT) < 1e-3)).toBe(true); // heard after the same tick that sent that KPI frame
    } finally {
      await server.close();
    }
  });
});
