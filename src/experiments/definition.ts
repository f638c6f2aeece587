import { Document, isMap, isSeq, parse, stringify } from 'yaml';

/**
 * The experiment form and the experiment file it stands for. The form keeps what people type (values as
 * they would write them in a scene: `1s`, `5`, `unlimited`, `{ mtbf: 2h, mttr: 5min }`); `formToDefinition`
 * turns it into the experiment file's data (values parsed as YAML), `definitionToText` into the YAML the
 * server runs and stores, and `textToForm` reads a file back into the form. Pure: no React, no socket.
 */

/** One `set` row of a variant: a parameter path and its value as typed. */
export interface SettingRow {
  path: string;
  value: string;
}

/** A variant as edited. */
export interface VariantForm {
  name: string;
  settings: SettingRow[];
}

/** A swept parameter as edited: its values as a comma-separated list (`0, 1, 2, 5`). */
export interface SweepForm {
  path: string;
  values: string;
}

/** Everything the form holds. Text fields stay text until the definition is made. */
export interface ExperimentForm {
  name: string;
  description: string;
  /** Scene key (file name without extension). */
  scene: string;
  /** Durations as written (`1d`, `30min`); empty: the scene's own. */
  horizon: string;
  warmup: string;
  replications: string;
  /** Empty: the scene's seed. */
  seed: string;
  /** KPI to rank by (`twin experiment --rank`); not part of the file. */
  rank: string;
  variants: VariantForm[];
  sweeps: SweepForm[];
}

/** The experiment file's data, as `scenes/experiments/*.yaml` holds it. */
export interface ExperimentDefinition {
  name: string;
  description?: string;
  scene: string;
  horizon?: string | number;
  warmup?: string | number;
  seed?: number;
  replications?: number;
  variants?: Array<{ name: string; set?: Record<string, unknown> }>;
  sweep?: Record<string, unknown[]>;
}

/** A problem found in the form, at a form place: `name`, `variants[1].name`, `variants[1].set[0]`, `sweep[0]`... */
export interface FormProblem {
  where: string;
  message: string;
}

/** The default ranking KPI (as the CLI's). */
const DEFAULT_RANK = 'throughputPerHour';

/** A new form for a scene: the line as it is and one alternative to fill in. */
export function newForm(scene: string): ExperimentForm {
  return {
    name: 'New experiment',
    description: '',
    scene,
    horizon: '1d',
    warmup: '1h',
    replications: '5',
    seed: '',
    rank: DEFAULT_RANK,
    variants: [
      { name: 'baseline', settings: [] },
      { name: 'variant 2', settings: [{ path: '', value: '' }] },
    ],
    sweeps: [],
  };
}

/** A value as typed, read as YAML (`5` → 5, `1s` → "1s", `{ mtbf: 2h }` → an object); an error message otherwise. */
export function parseValue(text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'a value is needed' };
  try {
    return { value: parse(t) as unknown };
  } catch (e) {
    return { error: `cannot read "${t}": ${firstLine(e)}` };
  }
}

/** Sweep values typed as `0, 1, 2, 5` (or `[0, 1, 2, 5]`), read as a YAML list. */
function parseValueList(text: string): { values: unknown[] } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'list at least one value, separated by commas' };
  try {
    const list = parse(t.startsWith('[') ? t : `[${t}]`) as unknown;
    if (!Array.isArray(list) || list.length === 0) return { error: 'list at least one value, separated by commas' };
    return { values: list };
  } catch (e) {
    return { error: `cannot read the list "${t}": ${firstLine(e)}` };
  }
}

const NUMBER = /^\d+(\.\d+)?$/;

/** The experiment file for a form, and every problem the form has on its own (the server checks the rest). */
export function formToDefinition(form: ExperimentForm): { definition: ExperimentDefinition; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const problem = (where: string, message: string): void => {
    problems.push({ where, message });
  };
  const name = form.name.trim();
  if (name === '') problem('name', 'the experiment needs a name');
  if (form.scene === '') problem('scene', 'choose a scene');
  const description = form.description.trim();
  const definition: ExperimentDefinition = { name, ...(description === '' ? {} : { description }), scene: `../${form.scene}.yaml` };
  for (const key of ['horizon', 'warmup'] as const) {
    const t = form[key].trim();
    if (t !== '') definition[key] = NUMBER.test(t) ? Number(t) : t; // a bare number is seconds, as in scenes
  }
  const seed = form.seed.trim();
  if (seed !== '') {
    if (/^\d+$/.test(seed)) definition.seed = Number(seed);
    else problem('seed', "the seed is a whole number (or empty for the scene's)");
  }
  const reps = form.replications.trim();
  if (!/^\d+$/.test(reps) || Number(reps) < 2) problem('replications', 'at least 2 replications (intervals need two)');
  else definition.replications = Number(reps);

  const seen = new Map<string, number>();
  definition.variants = form.variants.map((v, i) => {
    const vName = v.name.trim();
    if (vName === '') problem(`variants[${i}].name`, 'every variant needs a name');
    else if (seen.has(vName)) problem(`variants[${i}].name`, `"${vName}" is also the name of variant ${seen.get(vName)! + 1}`);
    else seen.set(vName, i);
    const set: Record<string, unknown> = {};
    v.settings.forEach((row, j) => {
      const path = row.path.trim();
      if (path === '' && row.value.trim() === '') return; // an empty row is no setting
      if (path === '') return problem(`variants[${i}].set[${j}]`, 'which parameter? (like M2.cycleTime.mean)');
      if (path in set) return problem(`variants[${i}].set[${j}]`, `${path} is set twice in this variant`);
      const parsed = parseValue(row.value);
      if ('error' in parsed) return problem(`variants[${i}].set[${j}]`, `${path}: ${parsed.error}`);
      set[path] = parsed.value;
    });
    return Object.keys(set).length > 0 ? { name: vName, set } : { name: vName };
  });
  if (form.variants.length === 0) problem('variants', 'add at least one variant (the baseline)');

  const sweep: Record<string, unknown[]> = {};
  form.sweeps.forEach((row, i) => {
    const path = row.path.trim();
    if (path === '' && row.values.trim() === '') return;
    if (path === '') return problem(`sweep[${i}]`, 'which parameter? (like B1.capacity)');
    if (path in sweep) return problem(`sweep[${i}]`, `${path} is swept twice`);
    const parsed = parseValueList(row.values);
    if ('error' in parsed) return problem(`sweep[${i}]`, `${path}: ${parsed.error}`);
    sweep[path] = parsed.values;
  });
  if (Object.keys(sweep).length > 0) definition.sweep = sweep;
  return { definition, problems };
}

/** The YAML text of a definition, laid out as a hand-written experiment file (settings and sweeps on one line). */
export function definitionToText(definition: ExperimentDefinition): string {
  const doc = new Document(definition);
  const variants = doc.get('variants');
  if (isSeq(variants)) {
    for (const item of variants.items) {
      const set = isMap(item) ? item.get('set', true) : undefined;
      if (isMap(set)) set.flow = true;
    }
  }
  const sweep = doc.get('sweep');
  if (isMap(sweep)) for (const pair of sweep.items) if (isSeq(pair.value)) pair.value.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** A value written back as typed in the form: the YAML flow form of it (`1s`, `5`, `{ mtbf: 2h, mttr: 5min }`). */
function formatValue(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

/** The key of a scene named by path (`../two-machine.yaml` → `two-machine`). */
function sceneKeyOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(ya?ml|json)$/i, '');
}

/** An experiment file's text read into the form; an error message when it is not an experiment file. */
export function textToForm(text: string, rank = DEFAULT_RANK): { form: ExperimentForm } | { error: string } {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    return { error: `not valid YAML: ${firstLine(e)}` };
  }
  if (!isRecord(data)) return { error: 'not an experiment file: expected name, scene, variants...' };
  if (typeof data['scene'] !== 'string')
    return { error: 'not an experiment file: it has no `scene:` (a scene file? load it in the live view)' };
  const text_ = (v: unknown): string =>
    v === undefined || v === null
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : (JSON.stringify(v) ?? '');
  const variantsIn = Array.isArray(data['variants']) ? data['variants'] : [{ name: 'baseline' }];
  const variants: VariantForm[] = variantsIn.map((v: unknown, i) => {
    const item = isRecord(v) ? v : {};
    const set = isRecord(item['set']) ? item['set'] : {};
    return {
      name: text_(item['name']) || `variant ${i + 1}`,
      settings: Object.entries(set).map(([path, value]) => ({ path, value: formatValue(value) })),
    };
  });
  const sweepIn = isRecord(data['sweep']) ? data['sweep'] : {};
  const sweeps: SweepForm[] = Object.entries(sweepIn).map(([path, values]) => ({
    path,
    values: (Array.isArray(values) ? values : [values]).map(formatValue).join(', '),
  }));
  return {
    form: {
      name: text_(data['name']),
      description: text_(data['description']).trim(),
      scene: sceneKeyOf(data['scene']),
      horizon: text_(data['horizon']),
      warmup: text_(data['warmup']),
      replications: text_(data['replications'] ?? 10),
      seed: text_(data['seed']),
      rank,
      variants,
      sweeps,
    },
  };
}

/** Design points and jobs the form asks for (variants x sweep grid, x replications); 0 where it cannot tell. */
export function designSize(form: ExperimentForm): { points: number; jobs: number } {
  let points = Math.max(0, form.variants.length);
  for (const row of form.sweeps) {
    if (row.path.trim() === '') continue;
    const parsed = parseValueList(row.values);
    points *= 'values' in parsed ? parsed.values.length : 0;
  }
  const reps = Number(form.replications);
  return { points, jobs: Number.isInteger(reps) && reps > 0 ? points * reps : 0 };
}

/** File name for a form's experiment: the name made safe (`Buffer sizing` → `buffer-sizing.yaml`). */
export function fileNameFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'experiment'}.yaml`;
}

/**
 * Form places a server error message names, so the form can mark them: `variants[1].set["M2.x"]` → the row
 * of that path in variant 1, `sweep["B9.capacity"]` → that sweep row, `horizon`, `replications`...
 */
export function placesInError(message: string, form: ExperimentForm): Set<string> {
  const places = new Set<string>();
  for (const line of message.split('\n')) {
    const v = /variants\[(\d+)\](?:\.set\["([^"]+)"\]|\.(name))?/.exec(line);
    if (v) {
      const i = Number(v[1]);
      if (v[2] !== undefined) {
        const j = form.variants[i]?.settings.findIndex((r) => r.path.trim() === v[2]) ?? -1;
        places.add(j >= 0 ? `variants[${i}].set[${j}]` : `variants[${i}]`);
      } else places.add(v[3] ? `variants[${i}].name` : `variants[${i}]`);
      continue;
    }
    const s = /sweep\["([^"]+)"\]/.exec(line);
    if (s) {
      const i = form.sweeps.findIndex((r) => r.path.trim() === s[1]);
      places.add(i >= 0 ? `sweep[${i}]` : 'sweep');
      continue;
    }
    const top = /^[^:]+: (name|scene|horizon|warmup|seed|replications|rank)\b/.exec(line) ?? /^(rank): /.exec(line);
    if (top) places.add(top[1]!);
  }
  return places;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
