import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { createRegistry } from '../../server/session/registry.ts';
import { createPublisher } from '../../server/connect/mqtt/publish.ts';
import { commandSession } from '../../server/connect/mqtt/topics.ts';

/** Every .ts file under `dir`. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));

describe('MQTT modules', () => {
  it('load mqtt.js, aedes and server/connect/mqtt only on demand: a server without --mqtt loads none of them', () => {
    const staticImport = /^import (?!type )[^;]*from '([^']+)'/gm;
    for (const file of sources('server')) {
      const text = readFileSync(file, 'utf8');
      for (const [, from] of text.matchAll(staticImport)) {
        if (from === 'mqtt' || from === 'aedes' || from!.includes('connect/mqtt/'))
          expect(file.replace(/\\/g, '/'), `${file} imports ${from} statically`).toMatch(/^server\/connect\/mqtt\//);
      }
    }
    expect(readFileSync('server/commands/serve.ts', 'utf8')).toContain("await import('../connect/mqtt/feature.ts')");
  });

  it('publishes state changes only, KPIs at most once per simulated second, and clears a closed session', async () => {
    const scene = await loadScene('test/fixtures/short-line.yaml');
    const registry = createRegistry('short', scene, { speed: 0 });
    const session = registry.get(registry.defaultId)!;
    const sent: Array<{ topic: string; payload: string; retain: boolean }> = [];
    const publisher = createPublisher((topic, payload, retain) => sent.push({ topic, payload, retain }));
    publisher.sessions([session.id]);
    publisher.tick(session);
    const first = sent.length;
    expect(sent.every((m) => m.retain)).toBe(true);
    expect(sent.filter((m) => m.topic.endsWith('/state')).length).toBe(scene.line.stations.length);
    expect(sent.some((m) => m.topic === `linetwin/${session.id}/line/kpi`)).toBe(true);
    publisher.tick(session); // same simulated time: nothing changed, nothing sent
    expect(sent.length).toBe(first);
    publisher.sessions([]);
    const cleared = sent.slice(first + 1);
    expect(sent[first]).toEqual({ topic: 'linetwin/sessions', payload: '[]', retain: true });
    expect(cleared.length).toBe(1 + 2 * scene.line.stations.length);
    expect(cleared.every((m) => m.payload === '' && m.retain)).toBe(true);
  });

  it('sends the line KPIs once more where a paused session stopped, then nothing until it moves', async () => {
    const scene = await loadScene('test/fixtures/short-line.yaml');
    const registry = createRegistry('short', scene, { speed: 1 });
    const session = registry.get(registry.defaultId)!;
    const kpis: number[] = [];
    const kpiTopic = `linetwin/${session.id}/line/kpi`;
    const publisher = createPublisher((topic, payload) => {
      if (topic === kpiTopic) kpis.push((JSON.parse(payload) as { t: number }).t);
    });
    publisher.tick(session);
    session.fastForward(0.4); // less than the KPI interval: no reading while running
    publisher.tick(session);
    expect(kpis).toEqual([0]);
    session.pause();
    publisher.tick(session);
    publisher.tick(session);
    expect(kpis).toEqual([0, 0.4]);
  });

  it('reads the session from a command topic only', () => {
    expect(commandSession('linetwin/s1/cmd')).toBe('s1');
    expect(commandSession('linetwin/s1/cmd/reply')).toBeNull();
    expect(commandSession('linetwin//cmd')).toBeNull();
    expect(commandSession('other/s1/cmd')).toBeNull();
  });
});
