import { describe, expect, it } from 'vitest';
import { createTwinStore, HISTORY_LIMIT, LOG_LIMIT, mergeLog, pushHistory, requestCamera, selectStation } from '../../src/state/store.ts';
import { parseUrlTarget, formatUrlTarget } from '../../src/net/urlTarget.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { dominantState, stateCode, stateStyle, STATE_STYLES } from '../../src/state/statePalette.ts';
import type { LogEntry } from '../../server/protocol/events.ts';
import { kpiAt, memoryStorage } from './fakeLine.ts';

const entry = (seq: number): LogEntry => ({ seq, t: seq, kind: 'failure', station: 'M1', text: `e${seq}` });

describe('store helpers', () => {
  it('keeps the log newest first, bounded and free of repeats', () => {
    let log = mergeLog([], [entry(1), entry(0)]);
    log = mergeLog(log, [entry(1), entry(2)]);
    expect(log.map((e) => e.seq)).toEqual([2, 1, 0]);
    const many = Array.from({ length: LOG_LIMIT + 50 }, (_, i) => entry(i));
    expect(mergeLog(log, many).length).toBe(LOG_LIMIT);
    expect(mergeLog(log, many)[0]!.seq).toBe(LOG_LIMIT + 49);
  });

  it('bounds the chart history, skips repeated times and restarts after a reset', () => {
    let h = { t: [] as number[], throughput: [] as number[], power: [] as number[] };
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = pushHistory(h, kpiAt(i));
    expect(h.t.length).toBe(HISTORY_LIMIT);
    expect(h.t[0]).toBe(10);
    expect(pushHistory(h, kpiAt(h.t.at(-1)!))).toBe(h);
    expect(pushHistory(h, kpiAt(0)).t).toEqual([0]);
  });

  it('selects stations and asks the camera to focus', () => {
    const store = createTwinStore();
    selectStation(store, 'M1', true);
    expect(store.getState().selected).toBe('M1');
    expect(store.getState().camera).toEqual({ kind: 'station', id: 'M1', nonce: 1 });
    requestCamera(store, { kind: 'overview' });
    expect(store.getState().camera.nonce).toBe(2);
  });
});

describe('state palette', () => {
  it('has a colour, label and icon for every protocol state, in protocol order', () => {
    expect(STATE_STYLES.map((s) => s.name)).toEqual(['working', 'starved', 'blocked', 'down', 'setup', 'maintenance', 'off', 'standby']);
    expect(new Set(STATE_STYLES.map((s) => s.color)).size).toBe(8);
    for (const s of STATE_STYLES) expect(s.icon.length).toBeGreaterThan(5);
    expect(stateStyle(99).name).toBe('off');
  });

  it('shows trouble before activity and activity before idleness', () => {
    expect(dominantState(stateCode('working'), stateCode('down'))).toBe(stateCode('down'));
    expect(dominantState(stateCode('starved'), stateCode('working'))).toBe(stateCode('working'));
    expect(dominantState(stateCode('off'), stateCode('blocked'))).toBe(stateCode('blocked'));
  });
});

describe('URL target and token store', () => {
  it('reads scene, session and speed from a shared link and ignores junk', () => {
    expect(parseUrlTarget('?scene=bottling&speed=60&session=AB3K9Q')).toEqual({ scene: 'bottling', session: 'AB3K9Q', speed: 60 });
    expect(parseUrlTarget('?speed=max')).toEqual({ speed: 'max' });
    expect(parseUrlTarget('?speed=99999')).toEqual({ speed: 10000 });
    expect(parseUrlTarget('?speed=-1&scene=../etc&session=')).toEqual({});
    expect(formatUrlTarget({ scene: 'bottling', speed: 60 })).toBe('?scene=bottling&speed=60');
  });

  it('keeps the token in session storage, and in memory when storage throws', () => {
    const storage = memoryStorage();
    const tokens = createTokenStore(storage);
    tokens.set('t1');
    expect(storage.data.get('linetwin.operatorToken')).toBe('t1');
    expect(createTokenStore(storage).get()).toBe('t1'); // a reload finds it
    tokens.clear();
    expect(tokens.get()).toBeNull();
    const broken = createTokenStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    });
    broken.set('t2');
    expect(broken.get()).toBe('t2');
  });
});
