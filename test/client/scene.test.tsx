// @vitest-environment happy-dom
import ReactThreeTestRenderer from '@react-three/test-renderer';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstancedMesh } from 'three';
import { computeLayout } from '../../src/scene/layout.ts';
import { Parts } from '../../src/scene/Parts.tsx';
import { StationBodies } from '../../src/scene/StationBodies.tsx';
import { StackLights } from '../../src/scene/StackLights.tsx';
import { applyFrame, applySnapshot, createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { createTwinStore } from '../../src/state/store.ts';
import type { TwinClient } from '../../src/net/twinClient.ts';
import { frameAt, snapshotAt, STATIONS } from './fakeLine.ts';

/** The 3D components' scene graph (no WebGL): instancing keeps the object count flat as parts multiply. */

function runtime(): TwinRuntime {
  const frames = createFrameBuffer();
  applySnapshot(frames, snapshotAt(100), performance.now());
  frames.clock.rate = 0; // hold the clock: positions are then deterministic
  const store = createTwinStore();
  store.setState({ stations: STATIONS });
  return { store, frames, client: {} as TwinClient };
}

let renderer: Awaited<ReturnType<typeof ReactThreeTestRenderer.create>> | null = null;
afterEach(async () => {
  await renderer?.unmount();
  renderer = null;
});

const instanced = (): InstancedMesh[] => {
  const out: InstancedMesh[] = [];
  renderer!.scene.instance.traverse((o) => {
    if ((o as InstancedMesh).isInstancedMesh) out.push(o as InstancedMesh);
  });
  return out;
};

describe('3D components', () => {
  it('draws all parts through one InstancedMesh per look, however many there are', async () => {
    const rt = runtime();
    const layout = computeLayout(STATIONS);
    renderer = await ReactThreeTestRenderer.create(
      <TwinProvider runtime={rt}>
        <Parts layout={layout} />
      </TwinProvider>,
    );
    await renderer.advanceFrames(1, 0.016);
    expect(instanced().length).toBe(4);
    const visible = (): number => instanced().reduce((n, m) => n + m.count, 0);
    expect(visible()).toBe(2); // the snapshot's part in M1 and the one on the conveyor

    const moves: Array<[number, number, number, number, number]> = [];
    for (let i = 0; i < 5000; i++) moves.push([1000 + i, 1, 2, 100 - (i % 8), 108 - (i % 8)]);
    applyFrame(rt.frames, frameAt(100, { levels: [[2, 6000]], moves }), performance.now());
    // the table grew: the first frame asks React for larger meshes (a state update), the next fill them
    await ReactThreeTestRenderer.act(async () => {
      await renderer!.advanceFrames(1, 0.016);
    });
    await renderer.advanceFrames(1, 0.016);
    expect(instanced().length).toBe(4);
    expect(visible()).toBe(5002);
  });

  it('draws stations as one InstancedMesh per model kind and one for all stack lights', async () => {
    const rt = runtime();
    const layout = computeLayout(STATIONS);
    renderer = await ReactThreeTestRenderer.create(
      <TwinProvider runtime={rt}>
        <StationBodies layout={layout} />
        <StackLights layout={layout} />
      </TwinProvider>,
    );
    await renderer.advanceFrames(1, 0.016);
    const names = instanced()
      .map((m) => `${m.name}:${m.count}`)
      .sort();
    // source, cnc (M1), buffer, generic (M2), sink; lamps: M1 one unit + M2 two units
    expect(names).toEqual([
      'stack-lights:3',
      'stations:buffer:1',
      'stations:cnc:1',
      'stations:generic:1',
      'stations:sink:1',
      'stations:source:1',
    ]);
  });

  it('colours the stack lights by unit state', async () => {
    const rt = runtime();
    const layout = computeLayout(STATIONS);
    renderer = await ReactThreeTestRenderer.create(
      <TwinProvider runtime={rt}>
        <StackLights layout={layout} />
      </TwinProvider>,
    );
    applyFrame(rt.frames, frameAt(101, { states: [[1, 0, 3, 101]] }), performance.now()); // M1 down
    await renderer.advanceFrames(1, 0.016);
    const lamps = instanced()[0]!;
    const c = lamps.instanceColor!.array;
    expect(c[0]).toBeGreaterThan(c[1]! * 3); // red
  });

  it('blinks a warned unit between amber and its state colour, and stops when the warning clears', async () => {
    const rt = runtime();
    const layout = computeLayout(STATIONS);
    renderer = await ReactThreeTestRenderer.create(
      <TwinProvider runtime={rt}>
        <StackLights layout={layout} />
      </TwinProvider>,
    );
    applyFrame(rt.frames, { ...frameAt(160), readings: [1, 0, 5.2, 3, 1] }, performance.now()); // M1 (working) warns
    const lamps = instanced()[0]!;
    const amber = (): boolean => lamps.instanceColor!.array[0]! > lamps.instanceColor!.array[1]!; // green has r < g
    const seen = new Set<boolean>();
    // the blink runs on the render clock (wall time): poll frames until both phases were drawn
    for (let k = 0; k < 60 && seen.size < 2; k++) {
      await renderer.advanceFrames(1, 0.016);
      seen.add(amber());
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(new Set([true, false]));
    applyFrame(rt.frames, { ...frameAt(200), readings: [1, 0, 5.2, 3, 0] }, performance.now());
    for (let k = 0; k < 15; k++) {
      await renderer.advanceFrames(1, 0.016);
      expect(amber()).toBe(false);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);
});
