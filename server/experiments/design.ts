import {
  parseScene,
  readDocument,
  sceneFromDocument,
  SceneError,
  type Scene,
  type SceneIssue,
  type SourceDocument,
} from '../scene/index.ts';
import { formatDuration } from '../scene/duration.ts';
import { toSceneIssues, type IssueAt } from '../scene/errors.ts';
import { createIssueReader } from '../scene/zodIssues.ts';
import { applyParam, cloneTree, formatPathValue, parseParamPath, readParam, type ParamPath } from './paths.ts';
import { DEFAULT_REPLICATIONS, experimentSchema, type ExperimentFile } from './schema.ts';

/**
 * An experiment file and its scene turned into the full design: every variant combined with every point of
 * the sweep grid, each a complete raw scene document already validated by the scene pipeline. Pure: the
 * texts come in, nothing is read or run. Every problem is found here, before any job starts.
 */

/** The texts an experiment is made from (kept with every stored run). */
export interface ExperimentSource {
  /** Experiment file path, for messages and storage. */
  file: string;
  text: string;
  /** Scene file path, already resolved against the experiment file's folder. */
  sceneFile: string;
  sceneText: string;
}

/** Run settings shared by every job of the experiment. */
export interface ExperimentSettings {
  horizon: number; // s
  warmup: number; // s
  seed: number;
  replications: number;
}

/** One swept parameter. */
export interface Factor {
  path: string;
  values: unknown[];
  /** Index of the baseline's value: the scene's own value when listed, else the first. */
  reference: number;
}

/** One variant of the file (or the implicit baseline when the file has none). */
export interface Variant {
  name: string;
  set: Record<string, unknown>;
}

/**
 * One combination of a variant and sweep values. Its scene document is built when a job needs it
 * (`ExperimentDesign.documentOf`), not kept: a design of thousands of points would otherwise hold thousands of
 * copies of the scene.
 */
export interface DesignPoint {
  name: string;
  variant: string;
  /** Index of the variant in `ExperimentDesign.variants`. */
  variantIndex: number;
  /** Sweep values of this point, in factor order. */
  values: readonly unknown[];
  /** Sweep values of this point, by path. */
  factors: Record<string, unknown>;
  /** Identity of the point within its experiment; job results are stored under it. */
  key: string;
}

/** The whole design of an experiment. */
export interface ExperimentDesign {
  source: ExperimentSource;
  spec: ExperimentFile;
  /** The unchanged scene. */
  scene: Scene;
  settings: ExperimentSettings;
  variants: Variant[];
  factors: Factor[];
  /** Every variant x sweep combination, variants outermost, the last factor changing fastest. */
  points: DesignPoint[];
  /** Index in `points` of the reference of paired comparisons. */
  baseline: number;
  /** Builds and validates the point of a variant with any factor values (the optimizer goes beyond the grid). */
  pointAt(variant: number, values: readonly unknown[]): DesignPoint;
  /** The raw scene data of a point with every setting applied; valid for `sceneFromDocument` (checked when planned). */
  documentOf(point: DesignPoint): unknown;
}

/** Largest grid accepted: beyond it the file is almost certainly a mistake. */
const MAX_POINTS = 5000;

/** Most jobs (design points x replications) an experiment may have unless the caller allows more. */
export const DEFAULT_MAX_JOBS = 20_000;

/** How a design is planned. */
export interface PlanOptions {
  /** Most jobs (points x replications) accepted; a larger experiment is refused before anything is built. */
  maxJobs?: number | undefined;
  /** Wall time (ms) of validating points between two yields to the event loop, so a server stays responsive. */
  sliceMs?: number | undefined;
}

interface Setting {
  origin: Array<string | number>; // where it is written in the experiment file
  path: ParamPath;
  value: unknown;
}

/**
 * Parse and validate an experiment against its scene; throws a SceneError naming every problem. Validating every
 * point takes a few milliseconds each: it runs in slices of `sliceMs`, yielding to the event loop in between.
 */
export async function prepareExperiment(source: ExperimentSource, options: PlanOptions = {}): Promise<ExperimentDesign> {
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  const sliceMs = options.sliceMs ?? 20;
  const { spec, locate } = parseExperimentText(source.text, source.file);
  const fail = (issues: IssueAt[]): never => {
    throw new SceneError(inFileOrder(dedupe(toSceneIssues(source.file, issues, locate))));
  };
  const scene = parseScene(source.sceneText, source.sceneFile);
  const base = readDocument(source.sceneText, source.sceneFile).data;
  const settings: ExperimentSettings = {
    horizon: spec.horizon ?? scene.run.horizon,
    warmup: spec.warmup ?? scene.run.warmup,
    seed: spec.seed ?? scene.run.seed,
    replications: spec.replications ?? DEFAULT_REPLICATIONS,
  };
  const issues: IssueAt[] = [];
  if (settings.warmup >= settings.horizon) {
    issues.push({
      path: [spec.warmup !== undefined ? 'warmup' : 'horizon'],
      message: `the warm-up must be shorter than the horizon (${formatDuration(settings.warmup)} >= ${formatDuration(settings.horizon)})`,
    });
  }

  const variants: Variant[] = spec.variants?.map((v) => ({ name: v.name, set: v.set ?? {} })) ?? [{ name: 'baseline', set: {} }];
  const parsed = new Map<string, ParamPath>();
  const pathOf = (text: string, origin: Array<string | number>): ParamPath | undefined => {
    const p = parseParamPath(text);
    if (typeof p === 'string') {
      issues.push({ path: origin, message: p });
      return undefined;
    }
    parsed.set(text, p);
    return p;
  };
  const seenNames = new Map<string, number>();
  variants.forEach((v, i) => {
    const first = seenNames.get(v.name);
    if (first !== undefined)
      issues.push({ path: ['variants', i, 'name'], message: `duplicate variant name "${v.name}" (also used by variants[${first}])` });
    else seenNames.set(v.name, i);
    for (const text of Object.keys(v.set)) pathOf(text, ['variants', i, 'set', text]);
  });
  const factors: Factor[] = Object.entries(spec.sweep ?? {}).map(([text, values]) => {
    const p = pathOf(text, ['sweep', text]);
    const firstAt = new Map<string, number>(); // by the value's JSON: one pass, however many values
    values.forEach((value, j) => {
      const k = firstAt.get(JSON.stringify(value));
      if (k !== undefined) issues.push({ path: ['sweep', text, j], message: `${formatPathValue(value)} is listed twice (also at [${k}])` });
      else firstAt.set(JSON.stringify(value), j);
    });
    const current = p === undefined ? undefined : readParam(base, p);
    const reference = Math.max(
      0,
      values.findIndex((value) => sameValue(value, current)),
    );
    return { path: text, values, reference };
  });
  // A variant's setting and a swept path must not overlap: which one would win is not obvious.
  for (const f of factors) {
    variants.forEach((v, i) => {
      for (const text of Object.keys(v.set)) {
        if (overlaps(text, f.path))
          issues.push({
            path: ['variants', i, 'set', text],
            message: `"${text}" overlaps the swept "${f.path}": set it in one place only`,
          });
      }
    });
  }
  const gridSize = factors.reduce((n, f) => n * f.values.length, 1) * variants.length;
  const jobs = gridSize * settings.replications;
  if (gridSize > MAX_POINTS)
    issues.push({ path: ['sweep'], message: `the design has ${gridSize} variant x sweep combinations, more than ${MAX_POINTS}` });
  else if (jobs > maxJobs) {
    issues.push({
      path: [spec.replications !== undefined ? 'replications' : spec.sweep !== undefined ? 'sweep' : 'variants'],
      message:
        `the experiment has ${jobs} jobs (${gridSize} variant x sweep combinations x ${settings.replications} replications), ` +
        `more than the limit of ${maxJobs}: fewer combinations or replications, or raise the limit (--max-jobs, TWIN_MAX_JOBS)`,
    });
  }
  // Expanding needs every path parsed and a sane size; other problems are reported with the points' own.
  const unparsed = [...Object.keys(spec.sweep ?? {}), ...variants.flatMap((v) => Object.keys(v.set))].some((t) => !parsed.has(t));
  if (unparsed || gridSize > MAX_POINTS || jobs > maxJobs) fail(issues);

  const named = spec.variants !== undefined;
  // Where each sweep value is listed, by its JSON: a point finds its settings' origins without scanning the lists.
  const valueIndex = factors.map((f) => new Map(f.values.map((v, j) => [JSON.stringify(v), j] as const).reverse()));
  const settingsOf = (vi: number, values: readonly unknown[]): Setting[] => [
    ...Object.entries(variants[vi]!.set).map(([text, value]) => ({
      origin: ['variants', vi, 'set', text],
      path: parsed.get(text)!,
      value,
    })),
    ...factors.map((f, fi) => {
      const j = valueIndex[fi]!.get(JSON.stringify(values[fi])) ?? -1;
      return { origin: j >= 0 ? ['sweep', f.path, j] : ['sweep', f.path], path: parsed.get(f.path)!, value: values[fi] };
    }),
  ];
  const build = (vi: number, values: readonly unknown[], problems: IssueAt[]): DesignPoint | undefined => {
    const variant = variants[vi]!;
    const sweepPart = factors.map((f, fi) => `${f.path}=${formatPathValue(values[fi])}`).join(', ');
    const name = [named || sweepPart === '' ? variant.name : '', sweepPart].filter((s) => s !== '').join(', ');
    const document: unknown = cloneTree(base);
    const applied: Array<{ setting: Setting; at: string }> = [];
    let failed = false;
    for (const setting of settingsOf(vi, values)) {
      const at = applyParam(document, setting.path, setting.value);
      if (Array.isArray(at)) {
        applied.push({ setting, at: dataPathText(at) });
      } else {
        // A path problem is the path's, whatever the value: report it at the path, once.
        const origin = setting.origin[0] === 'sweep' ? setting.origin.slice(0, 2) : setting.origin;
        problems.push({ path: origin, message: at.message, hint: at.hint });
        failed = true;
      }
    }
    // Validate even after a failed path: the other settings' problems are then reported in the same pass.
    try {
      sceneFromDocument(document, source.sceneFile);
    } catch (error) {
      if (!(error instanceof SceneError)) throw error;
      const whole: Array<string | number> = named ? ['variants', vi] : ['sweep'];
      for (const issue of error.issues) problems.push(attribute(issue, applied, document, whole, name));
      return undefined;
    }
    if (failed) return undefined;
    return {
      name,
      variant: variant.name,
      variantIndex: vi,
      values: [...values],
      factors: Object.fromEntries(factors.map((f, fi) => [f.path, values[fi]])),
      key: JSON.stringify([variant.name, ...values]),
    };
  };
  const documentOf = (point: DesignPoint): unknown => {
    const document: unknown = cloneTree(base);
    for (const setting of settingsOf(point.variantIndex, point.values)) {
      const at = applyParam(document, setting.path, setting.value);
      if (!Array.isArray(at)) throw new Error(`${point.name}: ${at.message}`); // checked when the point was planned
    }
    return document;
  };

  const points: DesignPoint[] = [];
  const problems: IssueAt[] = [...issues];
  let sliceStart = performance.now();
  for (let vi = 0; vi < variants.length; vi++) {
    for (const values of grid(factors.map((f) => f.values))) {
      const point = build(vi, values, problems);
      if (point) points.push(point);
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }
  if (problems.length > 0) fail(problems);

  const baselineVariant = Math.max(
    0,
    variants.findIndex((v) => v.name === 'baseline'),
  );
  const baselineKey = JSON.stringify([variants[baselineVariant]!.name, ...factors.map((f) => f.values[f.reference])]);
  return {
    source,
    spec,
    scene,
    settings,
    variants,
    factors,
    points,
    baseline: points.findIndex((p) => p.key === baselineKey),
    pointAt(vi, values) {
      const found: IssueAt[] = [];
      const point = build(vi, values, found);
      if (!point) fail(found);
      return point!;
    },
    documentOf,
  };
}

/** Read and schema-check experiment text; throws a SceneError with line numbers. */
export function parseExperimentText(text: string, file: string): { spec: ExperimentFile; locate: SourceDocument['locate'] } {
  const { data, locate } = readDocument(text, file);
  if (data === null || data === undefined) throw new SceneError([{ file, path: '', message: 'the experiment file is empty' }]);
  const reader = createIssueReader();
  const result = experimentSchema.safeParse(data, { reportInput: true, error: reader.errorMap });
  if (!result.success) throw new SceneError(inFileOrder(toSceneIssues(file, reader.read(result.error.issues), locate)));
  return { spec: result.data, locate };
}

/** The cartesian product of value lists, the last list changing fastest; one empty combination for no lists. */
function* grid(lists: readonly unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists as [unknown[], ...unknown[][]];
  for (const value of first) for (const tail of grid(rest)) yield [value, ...tail];
}

/** A scene issue of a design point, moved to the setting that caused it (or to the point as a whole). */
function attribute(
  issue: SceneIssue,
  applied: ReadonlyArray<{ setting: Setting; at: string }>,
  document: unknown,
  whole: Array<string | number>,
  name: string,
): IssueAt {
  const related = applied.filter(({ at }) => within(issue.path, at) || within(at, issue.path)).sort((a, b) => b.at.length - a.at.length)[0];
  const where = withStationIds(issue.path, document);
  if (related) {
    const prefix = where === related.setting.path.text ? '' : `${where || 'the scene'}: `;
    return { path: related.setting.origin, message: `${prefix}${issue.message}`, hint: issue.hint };
  }
  return { path: whole, message: `with ${name}, the scene is invalid: ${where || 'the scene'}: ${issue.message}`, hint: issue.hint };
}

/** Is data path `inner` (as text) the same as or below `outer`? */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}

/** Data path as the scene loader writes it: `stations[2].cycleTime`. */
function dataPathText(path: ReadonlyArray<string | number>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** `stations[3].cycleTime.mean` → `M2.cycleTime.mean`: the way experiment files name things. */
function withStationIds(path: string, document: unknown): string {
  return path.replace(/^stations\[(\d+)\]/, (text, i: string) => {
    const stations = (document as { stations?: Array<{ id?: unknown }> }).stations;
    const id = stations?.[Number(i)]?.id;
    return typeof id === 'string' ? id : text;
  });
}

/** Paths `a` and `b` overlap when one is the other or lies below it. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Equality of plain data values (YAML scalars, lists and maps). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function dedupe(issues: SceneIssue[]): SceneIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inFileOrder(issues: SceneIssue[]): SceneIssue[] {
  const key = (issue: SceneIssue): number => (issue.line ?? 1e9) * 1e6 + (issue.column ?? 0);
  return [...issues].sort((a, b) => key(a) - key(b));
}
