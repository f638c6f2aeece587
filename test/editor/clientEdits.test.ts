import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  addStation,
  connect,
  deleteStations,
  disconnect,
  duplicateStations,
  moveStations,
  renameStation,
  rotateStations,
  setValue,
} from '../../src/editor/sceneEdits.ts';
import { readPlan } from '../../src/editor/sceneModel.ts';
import { EMPTY_FLOOR } from '../../src/editor/templates.ts';
import { validateScene } from '../../src/editor/validate.ts';

/** Edit operations give the scenes they should, and valid ones once the line is complete. */

const issues = (text: string): string[] => validateScene(text, 'edit.yaml').issues.map((i) => `${i.path}: ${i.message}`);

/** The five-station line of the e2e test, built by edits from an empty floor. */
function fiveStations(): string {
  let text = EMPTY_FLOOR;
  const ids: string[] = [];
  for (const [i, type] of (['source', 'machine', 'buffer', 'machine', 'sink'] as const).entries()) {
    const added = addStation(text, type, { x: i * 3, z: 0 });
    text = added.text;
    ids.push(added.id);
  }
  for (let i = 1; i < ids.length; i++) text = connect(text, ids[i - 1]!, ids[i]!);
  return text;
}

describe('edits', () => {
  it('build a valid five-station line from an empty floor', () => {
    let text = fiveStations();
    expect(issues(text)).toEqual([]);
    text = setValue(text, ['stations', 1, 'cycleTime'], '12s');
    text = setValue(text, ['stations', 2, 'capacity'], 8);
    expect(issues(text)).toEqual([]);
    const data = parse(text);
    expect(data.stations.map((s: { id: string }) => s.id)).toEqual(['IN1', 'M1', 'B1', 'M2', 'OUT1']);
    expect(data.flow).toEqual({ IN1: 'M1', M1: 'B1', B1: 'M2', M2: 'OUT1' });
    expect(data.layout.B1).toEqual({ x: 6, z: 0 });
    expect(data.stations[1].cycleTime).toBe('12s');
    expect(data.stations[2].capacity).toBe(8);
    expect(text).toContain('# A new line'); // the comment survives
  });
  it('a station not yet connected is reported, on that station', () => {
    const { text } = addStation(fiveStations(), 'machine', { x: 0, z: 3 });
    expect(issues(text)).toContain('stations[5]: machine "M3" has no input');
  });
  it('split, merge and disconnect', () => {
    let text = fiveStations();
    const { text: t2, id } = addStation(text, 'machine', { x: 9, z: 3 });
    text = connect(connect(t2, 'B1', id), id, 'OUT1');
    expect(parse(text).flow.B1).toEqual(['M2', id]);
    expect(issues(text)).toEqual([]);
    const routed = setValue(text, ['routing', 'B1'], 'first');
    expect(parse(routed).routing).toEqual({ B1: 'first' });
    expect(issues(routed)).toEqual([]);
    text = disconnect(text, 'B1', id);
    expect(parse(text).flow.B1).toBe('M2');
  });
  it('move, rotate, duplicate, rename and delete', () => {
    let text = fiveStations();
    text = moveStations(text, { M1: { x: 3.456, z: -1 } });
    expect(parse(text).layout.M1).toEqual({ x: 3.46, z: -1 });
    text = rotateStations(text, { M1: { x: 3.46, z: -1, rotation: 0 } }, 90);
    expect(parse(text).layout.M1.rotation).toBe(90);
    const dup = duplicateStations(text, { M2: { x: 9, z: 0 } });
    expect(dup.ids).toEqual(['M3']);
    expect(parse(dup.text).stations[5]).toMatchObject({ id: 'M3', type: 'machine', cycleTime: '10s' });
    text = renameStation(text, 'B1', 'BUF');
    expect(parse(text).flow).toMatchObject({ M1: 'BUF', BUF: 'M2' });
    expect(issues(text)).toEqual([]);
    text = deleteStations(text, ['BUF']);
    const data = parse(text);
    expect(data.flow).toEqual({ IN1: 'M1', M2: 'OUT1' });
    expect(data.layout.BUF).toBeUndefined();
    expect((text = connect(text, 'M1', 'M2'))).toBeTruthy();
    expect(issues(text)).toEqual([]);
  });
  it('a structural edit on a file without flow writes the serial default out first', () => {
    const two = readFileSync('scenes/two-machine.yaml', 'utf8');
    const { text } = addStation(two, 'machine', { x: 9, z: 0 });
    expect(parse(text).flow).toEqual({ IN: 'M1', M1: 'B1', B1: 'M2', M2: 'OUT' });
    expect(readPlan(text).edges).toHaveLength(4);
    expect(text.startsWith(two.split('\n')[0]!)).toBe(true);
  });
});
