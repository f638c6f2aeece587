import { describe, expect, it } from 'vitest';
import { parseScene, SceneError } from '../../server/scene/index.ts';
import { EXAMPLE, issueAt, lineWith, sceneError } from './helpers.ts';

const machine = (fields: string): string => lineWith(`  - { id: M1, type: machine, ${fields} }`);

describe('scene errors name the file and the path', () => {
  it('unknown key, with did-you-mean', () => {
    const error = sceneError(machine('cyleTime: 1s'), 'line.yaml');
    expect(issueAt(error, 'stations[1].cyleTime')).toMatchObject({ file: 'line.yaml', hint: 'did you mean "cycleTime"?' });
    expect(error.message).toContain('line.yaml: stations[1].cyleTime: unknown key "cyleTime" (did you mean "cycleTime"?)');
    expect(error.message).toContain('line.yaml: stations[1].cycleTime: is required');
  });

  it('unknown key with nothing close lists the allowed keys', () => {
    const error = sceneError(lineWith('  - { id: B1, type: buffer, capacity: 5, cycleTime: 1s }'));
    expect(issueAt(error, 'stations[1].cycleTime').message).toBe('unknown key "cycleTime"; allowed keys: id, model, type, capacity');
  });

  it('unknown keys at the top level and in nested objects', () => {
    const error = sceneError(EXAMPLE.replace('run:', 'runn:').replace('mtbf: 90s', 'mtbg: 90s'));
    expect(issueAt(error, 'runn').hint).toBe('did you mean "run"?');
    expect(issueAt(error, 'stations[1].failures.mtbg').hint).toBe('did you mean "mtbf"?');
  });

  it('wrong type: what was expected and what was received', () => {
    const error = sceneError(machine('cycleTime: 1s, servers: two'));
    expect(issueAt(error, 'stations[1].servers').message).toBe('expected a number, received the string "two"');
    const dist = sceneError(machine('cycleTime: [1, 2]'));
    expect(issueAt(dist, 'stations[1].cycleTime').message).toMatch(/^expected a duration .* or a distribution .*, received a list$/);
    const station = sceneError('name: x\nstations: [IN]\n');
    expect(issueAt(station, 'stations[0]').message).toMatch(/^expected an object .*, received the string "IN"$/);
  });

  it('unknown station type lists the allowed ones', () => {
    const error = sceneError(machine('cycleTime: 1s').replace('type: machine', 'type: machin'));
    const issue = issueAt(error, 'stations[1].type');
    expect(issue.message).toBe('unknown type "machin": expected one of source, machine, assembly, inspection, buffer, conveyor, sink');
    expect(issue.hint).toBe('did you mean "machine"?');
  });

  it('negative times', () => {
    const error = sceneError(machine('cycleTime: { dist: exponential, mean: -5s }'));
    expect(issueAt(error, 'stations[1].cycleTime.mean').message).toMatch(/negative/);
    expect(issueAt(sceneError(machine('cycleTime: -3')), 'stations[1].cycleTime').message).toMatch(/negative/);
    const horizon = sceneError(EXAMPLE.replace('horizon: 30d', 'horizon: -30d'));
    expect(issueAt(horizon, 'run.horizon').message).toMatch(/negative/);
  });

  it('bad durations', () => {
    expect(issueAt(sceneError(machine('cycleTime: 5m')), 'stations[1].cycleTime').message).toMatch(/"min" for minutes/);
    expect(issueAt(sceneError(machine('cycleTime: { dist: exponential, mean: 0 }')), 'stations[1].cycleTime.mean').message).toBe(
      'must be > 0',
    );
  });

  it('flow naming a missing station', () => {
    const text = `${EXAMPLE}flow: { IN: M1, M1: B1, B1: [M2, M3], M2: OTU }\n`;
    const error = sceneError(text, 'flow.yaml');
    expect(issueAt(error, 'flow.B1[1]').message).toBe('unknown station "M3"');
    expect(issueAt(error, 'flow.M2')).toMatchObject({ message: 'unknown station "OTU"', hint: 'did you mean "OUT"?' });
    expect(error.message).toContain('flow.yaml: flow.M2: unknown station "OTU" (did you mean "OUT"?)');
    const key = sceneError(`${EXAMPLE}flow: { IN: M1, M1: B1, B1: M2, MM2: OUT }\n`);
    expect(issueAt(key, 'flow.MM2')).toMatchObject({ message: 'unknown station "MM2"', hint: 'did you mean "M2"?' });
  });

  it('flow graph rules', () => {
    const sourceLast = sceneError(
      'name: x\nstations:\n  - { id: M1, type: machine, cycleTime: 1 }\n  - { id: OUT, type: sink }\n  - { id: IN, type: source }\n',
    );
    expect(issueAt(sourceLast, 'stations[0]').message).toBe('machine "M1" has no input');
    expect(issueAt(sourceLast, 'stations[1]').message).toBe('sink "OUT" cannot have outputs, but sends parts to "IN"');
    expect(issueAt(sourceLast, 'stations[2]').message).toMatch(/^source "IN" cannot have inputs/);
    const noSink = sceneError('name: x\nstations:\n  - { id: IN, type: source }\n  - { id: M1, type: machine, cycleTime: 1 }\n');
    expect(issueAt(noSink, 'stations').message).toBe('the line needs at least one sink');
    const island = sceneError(
      `${EXAMPLE.replace('  - { id: OUT', '  - { id: M9, type: machine, cycleTime: 1 }\n  - { id: OUT')}flow: { IN: M1, M1: B1, B1: M2, M2: OUT, M9: OUT }\n`,
    );
    expect(issueAt(island, 'stations[4]').message).toBe('machine "M9" has no input');
    const loop = parseScene(`${EXAMPLE}flow: { IN: M1, M1: B1, B1: M2, M2: [OUT, M1] }\n`, 'loop.yaml'); // rework is allowed
    expect(loop.line.edges).toContainEqual({ from: 'M2', to: 'M1' });
  });

  it('an unlimited source straight into a sink', () => {
    const error = sceneError(
      'name: x\nstations:\n  - { id: IN, type: source }\n  - { id: B, type: buffer, capacity: 3 }\n  - { id: OUT, type: sink }\n',
    );
    expect(issueAt(error, 'stations[0]').hint).toBe('give it an interarrival time');
  });

  it('duplicate ids', () => {
    const error = sceneError(lineWith('  - { id: M1, type: machine, cycleTime: 1 }\n  - { id: M1, type: machine, cycleTime: 1 }'));
    expect(issueAt(error, 'stations[2].id').message).toBe('duplicate station id "M1" (also used by stations[1])');
  });

  it('bad distribution parameters', () => {
    const cases: Array<[string, string, RegExp | string]> = [
      ['{ dist: triangular, min: 3, mode: 2, max: 4 }', 'stations[1].cycleTime.mode', 'must be >= min (2s < 3s)'],
      ['{ dist: triangular, min: 1, mode: 5, max: 4 }', 'stations[1].cycleTime.max', 'must be >= mode (4s < 5s)'],
      ['{ dist: uniform, min: 3s, max: 1s }', 'stations[1].cycleTime.max', 'must be >= min (1s < 3s)'],
      ['{ dist: normal, mean: 5, sd: -1 }', 'stations[1].cycleTime.sd', /negative/],
      ['{ dist: weibull, shape: 0, scale: 5 }', 'stations[1].cycleTime.shape', 'must be >= 0.1'],
      ['{ dist: erlang, k: 1.5, mean: 3 }', 'stations[1].cycleTime.k', 'expected an integer, received the number 1.5'],
      ['{ dist: erlang, k: 0, mean: 3 }', 'stations[1].cycleTime.k', 'must be >= 1'],
      ['{ dist: empirical, values: [1, 2], weights: [1] }', 'stations[1].cycleTime.weights', /one weight per value/],
      ['{ dist: empirical, values: [1, 2], weights: [0, 0] }', 'stations[1].cycleTime.weights', 'must not all be zero'],
      ['{ dist: empirical, values: [1, 2], weights: [1, -1] }', 'stations[1].cycleTime.weights[1]', 'must be >= 0'],
      ['{ dist: empirical, values: [] }', 'stations[1].cycleTime.values', 'must not be empty'],
      ['{ dist: exponential, mean: 1, max: 3 }', 'stations[1].cycleTime.max', 'unknown key "max"; allowed keys: dist, mean'],
      ['{ dist: constant, value: 0 }', 'stations[1].cycleTime', 'the time must be at least 1ms for a recurring time (got 0s)'],
    ];
    for (const [dist, path, message] of cases) {
      const issue = issueAt(sceneError(machine(`cycleTime: ${dist}`)), path);
      if (typeof message === 'string') expect(issue.message, dist).toBe(message);
      else expect(issue.message, dist).toMatch(message);
    }
    const unknown = issueAt(sceneError(machine('cycleTime: { dist: exponental, mean: 1 }')), 'stations[1].cycleTime.dist');
    expect(unknown.hint).toBe('did you mean "exponential"?');
  });

  it('warmup not shorter than the horizon', () => {
    const error = sceneError(EXAMPLE.replace('warmup: 1d', 'warmup: 30d'));
    expect(issueAt(error, 'run.warmup').message).toBe('must be shorter than the horizon (30d >= 30d)');
    const defaults = sceneError(EXAMPLE.replace('horizon: 30d, ', '').replace('warmup: 1d', 'warmup: 31d'));
    expect(issueAt(defaults, 'run.warmup').message).toMatch(/30d/);
  });

  it('YAML syntax errors report line and column', () => {
    const error = sceneError('name: x\nstations:\n  - id: IN\n   type: source\n', 'syntax.yaml');
    expect(error.issues[0]).toMatchObject({ file: 'syntax.yaml', path: '', line: 4 });
    expect(error.message).toMatch(/^syntax\.yaml: YAML syntax error at line 4, column \d+: /);
    expect(sceneError('name: x\nname: y\nstations: []\n').message).toMatch(/line 2, column 1: Map keys must be unique/);
  });

  it('JSON syntax errors report line and column', () => {
    const error = sceneError('{\n  "name": "x",\n  "stations": [}\n', 'bad.json');
    expect(error.issues[0]).toMatchObject({ file: 'bad.json', line: 3 });
    expect(error.message).toMatch(/^bad\.json: JSON syntax error at line 3, column \d+: [^\n]+$/);
    const truncated = sceneError('{ "name": "x", "stations": [', 'cut.json');
    expect(truncated.issues[0]).toMatchObject({ line: 1 });
  });

  it('issues carry the line where the problem is written', () => {
    const error = sceneError(machine('cyleTime: 1s'));
    expect(issueAt(error, 'stations[1].cyleTime')).toMatchObject({ line: 4, column: 30 });
    const json = sceneError('{\n  "name": "x",\n  "stations": [\n    { "id": "IN", "type": "source", "foo": 1 }\n  ]\n}', 'x.json');
    expect(issueAt(json, 'stations[0].foo').line).toBe(4);
  });

  it('an empty file, and a top level that is not an object', () => {
    expect(sceneError('', 'empty.yaml').message).toBe('empty.yaml: the scene file is empty');
    expect(sceneError('- a\n- b\n', 'list.yaml').message).toMatch(/^list\.yaml: expected an object .*, received a list$/);
  });

  it('failures need one complete form', () => {
    const error = sceneError(machine('cycleTime: 1, failures: { mtbf: 1h }'));
    expect(issueAt(error, 'stations[1].failures.mttr').message).toMatch(/^is required/);
    const both = sceneError(machine('cycleTime: 1, failures: { mtbf: 1h, mttr: 1min, timeToFailure: 1h, timeToRepair: 1min }'));
    expect(issueAt(both, 'stations[1].failures.mtbf').message).toMatch(/cannot be combined/);
    const availability = sceneError(machine('cycleTime: 1, failures: { availability: 1.2, mttr: 1min }'));
    expect(issueAt(availability, 'stations[1].failures.availability').message).toBe('must be < 1');
    const basis = sceneError(machine('cycleTime: 1, failures: { mtbf: 1h, mttr: 1min, basis: calender }'));
    expect(issueAt(basis, 'stations[1].failures.basis').hint).toBe('did you mean "calendar"?');
  });

  it('other station fields', () => {
    const cases: Array<[string, string, RegExp | string]> = [
      ['{ id: M1, type: machine, cycleTime: 1, scrap: 1 }', 'stations[1].scrap', 'must be < 1'],
      ['{ id: M1, type: machine, cycleTime: 1, servers: 0 }', 'stations[1].servers', 'must be >= 1'],
      ['{ id: M1, type: machine, cycleTime: 1, power: { idel: 2 } }', 'stations[1].power.idel', /unknown key/],
      ['{ id: M1, type: machine, cycleTime: 1, setup: { every: 0, duration: 1min } }', 'stations[1].setup.every', 'must be >= 1'],
      ['{ id: "M 1", type: machine, cycleTime: 1 }', 'stations[1].id', /letters, digits/],
      ['{ id: B1, type: buffer, capacity: -1 }', 'stations[1].capacity', 'must be >= 0'],
      [
        '{ id: B1, type: buffer, capacity: 2.5 }',
        'stations[1].capacity',
        'expected an integer >= 0 or "unlimited", received the number 2.5',
      ],
      ['{ id: B1, type: buffer, capacity: unlimted }', 'stations[1].capacity', /^expected an integer >= 0 or "unlimited"/],
      ['{ id: C1, type: conveyor, length: 0.4, speed: 1 }', 'stations[1].length', /holds no part/],
      ['{ id: C1, type: conveyor, length: 4, speed: 0 }', 'stations[1].speed', 'must be > 0'],
    ];
    for (const [station, path, message] of cases) {
      const issue = issueAt(sceneError(lineWith(`  - ${station}`)), path);
      if (typeof message === 'string') expect(issue.message, station).toBe(message);
      else expect(issue.message, station).toMatch(message);
    }
  });

  it('assembly inputs must match its upstream stations', () => {
    const text =
      'name: x\nstations:\n  - { id: A, type: source }\n  - { id: B, type: source }\n' +
      '  - { id: ASM, type: assembly, cycleTime: 1, inputs: { A: 2, C: 1 } }\n  - { id: OUT, type: sink }\nflow: { A: ASM, B: ASM, ASM: OUT }\n';
    const error = sceneError(text);
    expect(issueAt(error, 'stations[2].inputs.C').message).toBe('"C" is not an input of assembly "ASM" (its inputs: A, B)');
    expect(issueAt(error, 'stations[2].inputs').message).toBe('gives no count for input "B"');
  });

  it('layout and routing may only name stations', () => {
    const error = sceneError(`${EXAMPLE}routing: { M11: first }\n`.replace('M2: { x: 6', 'M3: { x: 6'));
    expect(issueAt(error, 'layout.M3')).toMatchObject({ message: 'unknown station "M3"' });
    expect(issueAt(error, 'routing.M11').hint).toBe('did you mean "M1"?');
  });

  it('shift mistakes', () => {
    const error = sceneError(`${EXAMPLE}shifts: [{ days: mon-fry, from: 6, to: "25:00" }]\n`);
    expect(issueAt(error, 'shifts[0].days').hint).toBe('did you mean "fri"?');
    expect(issueAt(error, 'shifts[0].from').message).toBe('expected a time of day like "06:00", received the number 6');
    expect(issueAt(error, 'shifts[0].to').message).toMatch(/invalid time "25:00"/);
  });

  it('messages never contain zod dumps or stack traces', () => {
    const texts = [machine('cycleTime: { dist: 3 }'), machine('cycleTime: {}'), 'name: [1]\nstations: {}\n', `${EXAMPLE}flow: 3\n`];
    for (const text of texts) {
      const error = sceneError(text);
      expect(error.message).not.toMatch(/Invalid input|"code"|\bat .*\.ts:\d+/);
      for (const line of error.message.split('\n')) expect(line).toMatch(/^bad\.yaml: /);
    }
  });

  it('SceneError is an Error whose message lists each issue on its own line', () => {
    const error = sceneError(machine('cycleTime: 1s, servers: two, scrap: 2'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SceneError');
    expect(error.message.split('\n')).toEqual([
      'bad.yaml: stations[1].servers: expected a number, received the string "two"',
      'bad.yaml: stations[1].scrap: must be < 1',
    ]);
    expect(() => parseScene('name: [', 'x.yaml')).toThrow(SceneError);
  });
});
