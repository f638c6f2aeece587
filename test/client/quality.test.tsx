// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import ReactThreeTestRenderer from '@react-three/test-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Color, type InstancedMesh } from 'three';
import type { ProductInfo, StationDetails, StationInfo, StationParams } from '../../server/protocol/events.ts';
import { PART_DEFECTIVE, PART_REJECTED, PART_TAG_PRODUCT } from '../../server/protocol/events.ts';
import { type TwinClient } from '../../src/net/twinClient.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { applyFrame, applySnapshot, createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { slotOfPart } from '../../src/state/partTable.ts';
import { createTwinStore } from '../../src/state/store.ts';
import { REJECTED_PART_COLOR } from '../../src/state/statePalette.ts';
import { computeLayout } from '../../src/scene/layout.ts';
import { Parts } from '../../src/scene/Parts.tsx';
import { createPartPalette } from '../../src/scene/partColors.ts';
import { Inspector } from '../../src/ui/Inspector.tsx';
import { KpiPanel } from '../../src/ui/KpiPanel.tsx';
import { createFakeSocket, fakeRuntime, frameAt, kpiAt, snapshotAt, STATIONS, type FakeSocket } from './fakeLine.ts';

/**
 * Quality and product mix in the browser (issue 13): part tags decoded from snapshots and frames, parts drawn in
 * their product's colour and rejected ones red, the KPI panel's first-pass yield and escapes, the inspector's
 * inspection counts and the operator's quality forms. The fixture line gets M1 as an inspection rejecting to scrap,
 * M2 as a machine that makes defects, and two products.
 */

/** happy-dom has no canvas: the KPI panel's charts get a uPlot stand-in. */
vi.mock('uplot', () => ({
  default: class {
    setSize(): void {}
    setData(): void {}
    destroy(): void {}
  },
}));

const PRODUCTS: ProductInfo[] = [
  { id: 'A', color: '#3b82f6', share: 0.7 },
  { id: 'B', color: '#f59e0b', share: 0.3 },
];
const base: StationParams = {
  cycleTime: { dist: 'constant', value: 30 },
  cycleTimeMean: 30,
  idealCycleTime: 30,
  mttr: null,
  mtbf: null,
  scrap: 0,
  power: { working: 1, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 },
};
const stations: StationInfo[] = STATIONS.map((s) =>
  s.id === 'M1'
    ? { ...s, type: 'inspection', params: { ...base, inspection: { detect: 0.9, falseReject: 0.01, reject: 'scrap' } } }
    : s.id === 'M2'
      ? { ...s, params: { ...base, defects: [0.02, 0.04] } }
      : s.id === 'IN'
        ? { ...s, release: { mix: { A: 0.7, B: 0.3 }, sequence: 'random' } }
        : s,
);
const B_TAG = 1 * PART_TAG_PRODUCT;

describe('part tags in the frame buffer', () => {
  it('decodes tags from the snapshot and from frames; a move without an entry has tag 0', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100, { stations, products: PRODUCTS, tags: [8, B_TAG] }), 0);
    expect(fb.products.map((p) => p.id)).toEqual(['A', 'B']);
    expect(fb.tagged).toBe(true);
    const tagOf = (id: number): number => fb.parts.tag[slotOfPart(fb.parts, id)]!;
    expect(tagOf(7)).toBe(0);
    expect(tagOf(8)).toBe(B_TAG);
    const rejected = B_TAG + PART_DEFECTIVE + PART_REJECTED;
    applyFrame(
      fb,
      {
        ...frameAt(101, {
          moves: [
            [7, 1, 2, 100.5, 108],
            [9, 0, 1, 100.8, 101.5],
            [8, 2, 3, 100.9, 101],
          ],
        }),
        tags: [7, rejected, 9, B_TAG],
      },
      0,
    );
    expect(tagOf(7)).toBe(rejected);
    expect(tagOf(9)).toBe(B_TAG);
    expect(tagOf(8)).toBe(0); // moved without a tag entry: product A, good
  });

  it('a one-product line without tags is not drawn by tag; the first tag turns it on', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), 0);
    expect(fb.products).toEqual([]);
    expect(fb.tagged).toBe(false);
    applyFrame(fb, frameAt(101, { moves: [[7, 1, 2, 100.5, 108]] }), 0);
    expect(fb.tagged).toBe(false);
    applyFrame(fb, { ...frameAt(102, { moves: [[9, 0, 1, 101.5, 102.5]] }), tags: [9, PART_DEFECTIVE + PART_REJECTED] }, 0);
    expect(fb.tagged).toBe(true);
  });

  it('ignores tags that are not a byte', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), 0);
    applyFrame(fb, { ...frameAt(101, { moves: [[7, 1, 2, 100.5, 108]] }), tags: [7, 999, 7, -1] }, 0);
    expect(fb.parts.tag[slotOfPart(fb.parts, 7)]).toBe(0);
    expect(fb.tagged).toBe(false);
  });
});

describe('part colours', () => {
  const linear = (hex: string): number[] => {
    const c = new Color(hex);
    return [c.r, c.g, c.b];
  };
  const rgbOf = (p: ReturnType<typeof createPartPalette>, tag: number): number[] => Array.from(p.rgb.slice(tag * 3, tag * 3 + 3));

  it('paints each product in its colour and a rejected part red, whatever its product', () => {
    const p = createPartPalette(PRODUCTS);
    expect(rgbOf(p, 0)).toEqual(linear('#3b82f6').map(Math.fround));
    expect(rgbOf(p, B_TAG)).toEqual(linear('#f59e0b').map(Math.fround));
    expect(rgbOf(p, B_TAG + PART_DEFECTIVE)).toEqual(linear('#f59e0b').map(Math.fround)); // an uncaught defect is not seen
    expect(rgbOf(p, B_TAG + PART_DEFECTIVE + PART_REJECTED)).toEqual(linear(REJECTED_PART_COLOR).map(Math.fround));
    expect(p.tinted[0]).toBe(1);
  });

  it('leaves a one-product line in its looks’ colours but still marks rejected parts', () => {
    const p = createPartPalette([]);
    expect(p.tinted[0]).toBe(0);
    expect(p.tinted[PART_DEFECTIVE]).toBe(0);
    expect(p.tinted[PART_DEFECTIVE + PART_REJECTED]).toBe(1);
    expect(rgbOf(p, PART_REJECTED)).toEqual(linear(REJECTED_PART_COLOR).map(Math.fround));
  });
});

describe('parts in 3D', () => {
  let renderer: Awaited<ReturnType<typeof ReactThreeTestRenderer.create>> | null = null;
  afterEach(async () => {
    await renderer?.unmount();
    renderer = null;
  });
  const meshes = (): InstancedMesh[] => {
    const out: InstancedMesh[] = [];
    renderer!.scene.instance.traverse((o) => {
      if ((o as InstancedMesh).isInstancedMesh) out.push(o as InstancedMesh);
    });
    return out;
  };
  const mount = async (extra: Parameters<typeof snapshotAt>[1]): Promise<TwinRuntime> => {
    const frames = createFrameBuffer();
    applySnapshot(frames, snapshotAt(100, { stations, ...extra }), performance.now());
    frames.clock.rate = 0;
    const rt: TwinRuntime = { store: createTwinStore(), frames, client: {} as TwinClient };
    renderer = await ReactThreeTestRenderer.create(
      <TwinProvider runtime={rt}>
        <Parts layout={computeLayout(stations)} />
      </TwinProvider>,
    );
    await ReactThreeTestRenderer.act(async () => {
      await renderer!.advanceFrames(1, 0.016);
    });
    await renderer.advanceFrames(1, 0.016);
    return rt;
  };

  it('a one-product line draws as before: only the plain meshes, no instance colours', async () => {
    await mount({});
    expect(meshes().map((m) => m.name)).toEqual(['parts:workpiece', 'parts:bottle', 'parts:pack', 'parts:pallet']);
    expect(meshes().every((m) => m.instanceColor === null)).toBe(true);
  });

  it('a line with products draws every part on a tinted mesh in its product colour, a rejected one red', async () => {
    await mount({ products: PRODUCTS, tags: [8, B_TAG + PART_DEFECTIVE + PART_REJECTED] });
    const tinted = meshes().find((m) => m.name === 'parts:workpiece:tinted')!;
    expect(tinted.count).toBe(2);
    expect(meshes().find((m) => m.name === 'parts:workpiece')!.count).toBe(0);
    const c = Array.from(tinted.instanceColor!.array.slice(0, 6));
    const colours = [0, 3].map((o) => new Color(c[o]!, c[o + 1]!, c[o + 2]!).getHexString()).sort();
    expect(colours).toEqual([new Color('#3b82f6').getHexString(), new Color(REJECTED_PART_COLOR).getHexString()].sort());
  });

  it('on a one-product line only a rejected part leaves the plain mesh', async () => {
    const rt = await mount({});
    applyFrame(
      rt.frames,
      { ...frameAt(100, { moves: [[9, 0, 1, 99.5, 100.5]] }), tags: [9, PART_DEFECTIVE + PART_REJECTED] },
      performance.now(),
    );
    await ReactThreeTestRenderer.act(async () => {
      await renderer!.advanceFrames(1, 0.016);
    }); // the first tag mounts the tinted meshes
    await renderer!.advanceFrames(1, 0.016);
    // part 8 on the conveyor stays plain; part 7 left single-unit M1 for part 9 (its move out was not in a frame)
    expect(meshes().find((m) => m.name === 'parts:workpiece')!.count).toBe(1);
    const tinted = meshes().find((m) => m.name === 'parts:workpiece:tinted')!;
    expect(tinted.count).toBe(1);
    expect(new Color(...(Array.from(tinted.instanceColor!.array.slice(0, 3)) as [number, number, number])).getHexString()).toBe(
      new Color(REJECTED_PART_COLOR).getHexString(),
    );
  });
});

let socket: FakeSocket;
let rt: TwinRuntime;
const details: StationDetails = {
  id: 'M1',
  stateShare: { working: 0.5, starved: 0.5, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 },
  oee: { availability: 1, performance: 1, quality: 0.9, oee: 0.9 },
  processed: 1000,
  good: 930,
  scrap: 70,
  failures: 0,
  injectedFaults: 0,
  mtbfObserved: 0,
  mttrObserved: 0,
  energyKWh: 1,
  bottleneckShare: 0.1,
  levelMean: 0,
  params: stations[1]!.params,
  quality: { defectsMade: 0, detected: 61, missed: 7, falseRejects: 9, repaired: 0 },
  changeovers: { 'A->B': { count: 12, time: 3600 } },
};

async function boot(role: 'viewer' | 'operator', kpi = kpiAt(100)): Promise<void> {
  socket = createFakeSocket();
  socket.serve('session:join', () => ({ ok: true, snapshot: snapshotAt(100, { role, stations, products: PRODUCTS, kpi }) }));
  socket.serve('station:inspect', (req) => ({ ok: true, details: { ...details, id: req.station } }));
  socket.serve('control:intervene', () => ({ ok: true, simTime: 101 }));
  rt = fakeRuntime(socket);
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
}
const ui = (node: React.ReactNode) => render(<TwinProvider runtime={rt}>{node}</TwinProvider>);
const select = async (id: string): Promise<void> => {
  await act(async () => {
    rt.store.setState({ selected: id });
    await new Promise((r) => setTimeout(r, 0));
  });
};
const sent = () => socket.sent.filter((m) => m.event === 'control:intervene').map((m) => m.payload);
const submit = async (input: string, value: string, button: string): Promise<void> => {
  await act(async () => {
    fireEvent.change(screen.getByTestId(input), { target: { value } });
    fireEvent.click(screen.getByTestId(button));
    await new Promise((r) => setTimeout(r, 0));
  });
};

describe('quality in the panels', () => {
  afterEach(() => {
    rt?.client.dispose();
    cleanup();
  });

  it('the KPI panel shows first-pass yield, escapes and per-product output when the line has them', async () => {
    const kpi = kpiAt(100, {
      lineQuality: { firstPassYield: 0.9312, escapes: 3, escapePpm: 3225.8, detected: 61, falseRejects: 9, defectsMade: 71 },
      products: [
        { id: 'A', good: 650, throughputPerHour: 70 },
        { id: 'B', good: 280, throughputPerHour: 30 },
      ],
    });
    await boot('viewer', kpi);
    ui(<KpiPanel />);
    expect(screen.getByTestId('kpi-fpy').textContent).toContain('93.1');
    expect(screen.getByTestId('kpi-fpy').textContent).toContain('escapes 3 (3,226 ppm)');
    expect(screen.getByTestId('product-B').textContent).toContain('B: 280 good');
  });

  it('the KPI panel shows a dash for the yield before any part has ended (warm-up)', async () => {
    const lineQuality = { firstPassYield: 0, escapes: 0, escapePpm: 0, detected: 0, falseRejects: 0, defectsMade: 0 };
    await boot('viewer', kpiAt(100, { good: 0, scrap: 0, lineQuality }));
    ui(<KpiPanel />);
    expect(screen.getByTestId('kpi-fpy').querySelector('.kpi-value')!.textContent).toBe('–');
  });

  it('the KPI panel of a line without quality shows no yield', async () => {
    await boot('viewer');
    ui(<KpiPanel />);
    expect(screen.queryByTestId('kpi-fpy')).toBeNull();
    expect(screen.queryByTestId('product-output')).toBeNull();
  });

  it('the KPI panel shows the energy cost with the price in force and the demand peak on a line with a meter', async () => {
    await boot(
      'viewer',
      kpiAt(100, { meter: { cost: 15.54, priceNow: 0.3, costRate: 3.615, peakWindowKW: 14.36, demandCharge: 143.6, baseLoadShare: 0.45 } }),
    );
    ui(<KpiPanel />);
    expect(screen.getByTestId('kpi-energy-cost').textContent).toBe('Energy cost15.54now 0.3 / kWh · 3.62 / h');
    expect(screen.getByTestId('kpi-demand-peak').textContent).toBe('Demand peak14.4 kWcharge 143.6');
    cleanup();
    await boot('viewer');
    ui(<KpiPanel />);
    expect(screen.queryByTestId('kpi-energy-cost')).toBeNull();
    expect(screen.queryByTestId('kpi-demand-peak')).toBeNull();
  });

  it('the inspector of an inspection shows detected, missed, false rejects and changeovers', async () => {
    await boot('viewer');
    ui(<Inspector />);
    await select('M1');
    expect(screen.getByTestId('q-detected').textContent).toContain('61');
    expect(screen.getByTestId('q-detected').textContent).toContain('of 68 defective');
    expect(screen.getByTestId('q-missed').textContent).toBe('7');
    expect(screen.getByTestId('q-false-rejects').textContent).toBe('9');
    expect(screen.getByTestId('q-changeover-A->B').textContent).toContain('12');
    expect(screen.queryByTestId('interventions')).toBeNull(); // viewers do not intervene
  });

  it('an operator sets detect and false reject on an inspection', async () => {
    await boot('operator');
    ui(<Inspector />);
    await select('M1');
    expect(screen.getByTestId<HTMLInputElement>('input-detect').value).toBe('90');
    await submit('input-detect', '97.5', 'btn-detect');
    await submit('input-falseReject', '2', 'btn-falseReject');
    expect(sent()).toEqual([
      { type: 'set', station: 'M1', param: 'detect', value: 0.975 },
      { type: 'set', station: 'M1', param: 'falseReject', value: 0.02 },
    ]);
    expect(screen.getByTestId('intervention-status').textContent).toBe('False-reject rate set to 2 %');
    expect(screen.queryByTestId('input-defects-A')).toBeNull(); // the inspection makes no defects
  });

  it('an operator sets a machine’s standby, then every machine’s, then switches it off', async () => {
    await boot('operator');
    ui(<Inspector />);
    await select('M2');
    await act(async () => {
      fireEvent.change(screen.getByTestId('input-standby-after'), { target: { value: '90' } });
      fireEvent.change(screen.getByTestId('input-standby-wake'), { target: { value: '20' } });
      fireEvent.change(screen.getByTestId('input-standby-wake-power'), { target: { value: '6' } });
      await new Promise((r) => setTimeout(r, 0));
    });
    await submit('input-standby-after', '90', 'btn-standby');
    await act(async () => {
      fireEvent.click(screen.getByTestId('standby-all'));
      await new Promise((r) => setTimeout(r, 0));
    });
    await submit('input-standby-after', '60', 'btn-standby');
    await submit('input-standby-after', '60', 'btn-standby-off');
    expect(sent()).toEqual([
      { type: 'set', station: 'M2', param: 'standby', value: { after: 90, wake: 20, wakePower: 6 } },
      { type: 'set', station: '*', param: 'standby', value: { after: 60, wake: 20, wakePower: 6 } },
      { type: 'set', station: '*', param: 'standby', value: null },
    ]);
    await submit('input-standby-after', '0', 'btn-standby'); // not sent: standby needs a delay
    expect(sent()).toHaveLength(3);
  });

  it('an operator sets one product’s defect rate; the other keeps its own', async () => {
    await boot('operator');
    ui(<Inspector />);
    await select('M2');
    expect(screen.queryByTestId('input-detect')).toBeNull();
    await submit('input-defects-B', '1', 'btn-defects-B');
    expect(sent()).toEqual([{ type: 'set', station: 'M2', param: 'defects', value: { A: 0.02, B: 0.01 } }]);
  });

  it('an operator sets a source’s mix (summing to 100 %) and its release order', async () => {
    await boot('operator');
    ui(<Inspector />);
    await select('IN');
    await act(async () => {
      fireEvent.change(screen.getByTestId('input-mix-A'), { target: { value: '50' } });
    });
    expect(screen.getByTestId<HTMLButtonElement>('btn-mix').disabled).toBe(true); // 50 + 30: not 100
    await submit('input-mix-B', '50', 'btn-mix');
    await act(async () => {
      fireEvent.change(screen.getByTestId('select-sequence'), { target: { value: 'batch' } });
    });
    await submit('input-sequence', '25', 'btn-sequence');
    await act(async () => {
      fireEvent.change(screen.getByTestId('select-sequence'), { target: { value: 'pattern' } });
    });
    await submit('input-sequence', 'A, A B', 'btn-sequence');
    expect(sent()).toEqual([
      { type: 'set', station: 'IN', param: 'mix', value: { A: 0.5, B: 0.5 } },
      { type: 'set', station: 'IN', param: 'sequence', value: { batch: 25 } },
      { type: 'set', station: 'IN', param: 'sequence', value: ['A', 'A', 'B'] },
    ]);
  });
});
