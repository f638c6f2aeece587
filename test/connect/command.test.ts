import { describe, expect, it } from 'vitest';
import { applyPlantCommand } from '../../server/connect/command.ts';
import { plantValues, PACKML_STATE } from '../../server/connect/plantValues.ts';
import { createSignIn } from '../../server/live/signIn.ts';
import { loadScene } from '../../server/scene/index.ts';
import { createRegistry } from '../../server/session/registry.ts';
import type { FeatureHost } from '../../server/session/feature.ts';

const TOKEN = 'correct-horse-battery-staple-42';

/** A host over a real registry and sign-in, without a transport: what a plant connection gets. */
async function plantHost(): Promise<{ host: FeatureHost; announced: string[]; failures: string[] }> {
  const scene = await loadScene('scenes/two-machine.yaml');
  const registry = createRegistry('two-machine', scene, { speed: 0 });
  const failures: string[] = [];
  const signIn = createSignIn(TOKEN, (text) => failures.push(text));
  const announced: string[] = [];
  const host: FeatureHost = {
    registry,
    announce: (s) => void announced.push(s.id),
    resnapshot: () => {},
    broadcast: () => {},
    clearRoom: () => {},
    operatorSignIn: (address, token) => signIn.attempt(address, token),
    onTick: () => () => {},
  };
  return { host, announced, failures };
}

const fault = { type: 'fault', station: 'M1', duration: 30 };

describe('applyPlantCommand', () => {
  it('applies an intervention with the operator token, logs who made it and tells the viewers', async () => {
    const { host, announced } = await plantHost();
    const session = host.registry.get(host.registry.defaultId)!;
    const result = applyPlantCommand(host, {
      address: '10.0.0.5',
      token: TOKEN,
      session: session.id,
      command: 'control:intervene',
      payload: fault,
      by: 'OPC UA client 10.0.0.5',
    });
    expect(result).toEqual({ ok: true, simTime: session.sim.now });
    expect(session.interventions.map((i) => i.intervention)).toEqual([fault]);
    expect(session.recentLog().at(-1)?.text).toBe('fault injected on M1 for 30 s by OPC UA client 10.0.0.5');
    expect(announced).toEqual([session.id]);
    expect(plantValues(session).stations.find((s) => s.id === 'M1')?.state).toBe('down');
  });

  it('refuses without the token, a wrong one, an unknown command or session, and a payload its schema refuses; nothing changes', async () => {
    const { host, failures } = await plantHost();
    const session = host.registry.get(host.registry.defaultId)!;
    const base = { address: '10.0.0.6', token: TOKEN, session: session.id, command: 'control:intervene', payload: fault, by: 'MQTT' };
    const refusals = [
      applyPlantCommand(host, { ...base, token: undefined }),
      applyPlantCommand(host, { ...base, token: 'wrong-token-1' }),
      applyPlantCommand(host, { ...base, command: 'session:close' }),
      applyPlantCommand(host, { ...base, session: 'nope' }),
      applyPlantCommand(host, { ...base, payload: { type: 'fault', station: 'M1', duration: 'long' } }),
      applyPlantCommand(host, { ...base, payload: { type: 'fault', station: 'NOPE' } }),
      applyPlantCommand(host, { ...base, command: 'control:speed', payload: { speed: -3 } }),
    ];
    expect(refusals.map((r) => r.ok)).toEqual(refusals.map(() => false));
    const errors = refusals.map((r) => (r.ok ? '' : r.error));
    expect(errors[0]).toMatch(/operator token required/);
    expect(errors[1]).toMatch(/wrong operator token/);
    expect(errors[2]).toMatch(/unknown command "session:close"/);
    expect(errors[3]).toMatch(/no session "nope"/);
    expect(errors[4]).toMatch(/invalid control:intervene/);
    expect(errors[5]).toMatch(/NOPE/);
    expect(errors[6]).toMatch(/invalid control:speed/);
    expect(session.interventions).toEqual([]);
    expect(session.info().speed).toBe(0);
    expect(failures.length).toBe(2); // the sign-in saw both bad tokens: the same per-address limits as the browser's
  });

  it('pauses, resumes and sets the speed', async () => {
    const { host } = await plantHost();
    const session = host.registry.get(host.registry.defaultId)!;
    const send = (command: string, payload?: unknown): unknown =>
      applyPlantCommand(host, { address: 'a', token: TOKEN, session: session.id, command, payload, by: 'MQTT' });
    expect(send('control:speed', { speed: 60 })).toMatchObject({ ok: true });
    expect(session.info().speed).toBe(60);
    expect(send('control:pause')).toMatchObject({ ok: true });
    expect(session.info().paused).toBe(true);
    expect(send('control:resume', {})).toMatchObject({ ok: true });
    expect(session.info().paused).toBe(false);
  });
});

describe('plantValues', () => {
  it('agrees with the KPI frame and the inspector, and maps states to PackML', async () => {
    const { host } = await plantHost();
    const session = host.registry.get(host.registry.defaultId)!;
    session.fastForward(3600);
    const values = plantValues(session);
    const kpi = session.kpi();
    expect(values.line).toMatchObject({ t: kpi.t, good: kpi.good, scrap: kpi.scrap, oee: kpi.oee, bottleneck: kpi.bottleneck });
    for (const st of values.stations) {
      const details = session.details(st.id)!;
      expect([st.good, st.scrap, st.energyKWh]).toEqual([details.good, details.scrap, details.energyKWh]);
      if (st.state) expect(st.packmlState).toBe(PACKML_STATE[st.state]);
    }
    const buffer = values.stations.find((s) => s.id === 'B1')!;
    expect(buffer).toMatchObject({ capacity: 5, state: null, oee: null });
    expect(buffer.level).toBe(session.sim.view.level(session.sim.view.stations.find((s) => s.id === 'B1')!.index));
    const m1 = values.stations.find((s) => s.id === 'M1')!;
    expect(m1.powerKW).toBe({ working: 12, starved: 3, blocked: 3, down: 0.5 }[m1.state as 'working'] ?? 0);
  });

  it('reads once per instant for every plant connection, and anew after time moves or a command', async () => {
    const { host } = await plantHost();
    const session = host.registry.get(host.registry.defaultId)!;
    session.fastForward(600);
    const first = plantValues(session);
    expect(plantValues(session)).toBe(first); // OPC UA and MQTT after the same tick share one reading
    expect(session.intervene({ type: 'fault', station: 'M1' })).toBeNull();
    const faulted = plantValues(session);
    expect(faulted).not.toBe(first);
    expect(faulted.stations.find((s) => s.id === 'M1')!.state).toBe('down');
    session.resume();
    expect(plantValues(session).line.paused).toBe(false);
    session.fastForward(700);
    expect(plantValues(session).line.t).toBe(700);
    session.reset();
    expect(plantValues(session).line.t).toBe(0);
  });
});
