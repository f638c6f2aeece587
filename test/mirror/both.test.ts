import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startTestServer, waitFor } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';

/** `--mirror` and `--mirror-mqtt <prefix>` together: the replay is the default session, the live mirror the next. */

describe('a server mirroring a log and a live line', () => {
  it('runs both, each with its own mirror, and the MQTT feed on its prefix reaches the live one', async () => {
    const port = await freePort();
    const info: string[] = [];
    const server = await startTestServer({
      sceneFile: 'scenes/two-machine.yaml',
      mirror: 'scenes/logs/two-machine.jsonl',
      mirrorMqtt: 'plant/line-3',
      mqttPort: port,
      info: (text) => info.push(text),
    });
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
    try {
      const [replay, live] = server.registry.all();
      expect(replay!.id).toBe(server.registry.defaultId);
      expect(replay!.info().mirror).toEqual({ source: 'replay', name: 'two-machine.jsonl' });
      expect(live!.info().mirror).toEqual({ source: 'mqtt', name: 'plant/line-3' });
      expect(info).toContain(`mirror: session ${live!.id} follows MQTT plant/line-3/<station>/event`);
      await client.publishAsync('plant/line-3/B1/event', JSON.stringify({ event: 'level', level: 4 }));
      await waitFor(() => live!.sim.view.level(2) === 4);
      expect(live!.sim.report().stations['B1']!.levelMax).toBe(4);
    } finally {
      await client.endAsync();
      await server.close();
    }
  });
});
