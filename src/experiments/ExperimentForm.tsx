import { useMemo, type ChangeEvent } from 'react';
import type { ExperimentScene } from '@protocol/experiments.ts';
import { designSize, formToDefinition, placesInError, type ExperimentForm as Form } from './definition.ts';
import { LINE_COLUMNS } from './results.ts';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';
import { editForm } from './store.ts';

/**
 * The experiment as a form: start from a shipped file or one from disk, or from scratch; choose the scene and
 * the run settings; define variants (a name and `set` rows of path and value) and sweeps (a path and a list
 * of values); launch it. Paths are suggested from the scene with their current values. Problems are marked
 * where they are, whether the form found them or the server (which names the path).
 */
export function ExperimentForm() {
  const { store, client } = useExperimentsRuntime();
  const form = useExperiments((s) => s.form);
  const scenes = useExperiments((s) => s.scenes);
  const files = useExperiments((s) => s.files);
  const role = useExperiments((s) => s.role);
  const running = useExperiments((s) => s.progress !== null);
  const launching = useExperiments((s) => s.launching);
  const launchError = useExperiments((s) => s.launchError);
  const connected = useExperiments((s) => s.connection === 'connected');
  const loaded = useExperiments((s) => s.loaded);
  const scene = scenes.find((s) => s.key === form.scene);
  const hints = useMemo(() => new Map(scene?.params.map((p) => [p.path, p.value]) ?? []), [scene]);
  const bad = useMemo(() => {
    if (!launchError) return new Set<string>();
    const places = placesInError(launchError, form);
    for (const p of formToDefinition(form).problems) places.add(p.where);
    return places;
  }, [launchError, form]);
  const size = designSize(form);
  const edit = (f: (form: Form) => Form): void => editForm(store, f);
  const set =
    <K extends keyof Form>(key: K) =>
    (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      edit((f) => ({ ...f, [key]: e.target.value }));
  const invalid = (where: string): boolean => bad.has(where);
  const unedited = loaded !== null && loaded.form === JSON.stringify(form);

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    if (!file) return;
    void file.text().then((text) => client.loadText(text, file.name));
    e.target.value = ''; // choosing the same file again reloads it
  };

  const canLaunch = role === 'operator' && connected && !running && !launching && size.jobs > 0;
  const why =
    role !== 'operator'
      ? 'Operator token required: running experiments costs CPU on the server'
      : running
        ? 'An experiment is running: wait for it or cancel it'
        : !connected
          ? 'Not connected'
          : undefined;

  return (
    <section className="panel exp-form" data-testid="experiment-form" aria-label="Experiment definition">
      <h2>Define</h2>
      <div className="exp-load">
        <select
          aria-label="Shipped experiment files"
          data-testid="exp-file-select"
          value=""
          onChange={(e) => {
            if (e.target.value) void client.loadFile(e.target.value);
          }}
        >
          <option value="">Open a shipped experiment…</option>
          {files.map((f) => (
            <option key={f.key} value={f.key}>
              {f.name} ({f.scene})
            </option>
          ))}
        </select>
        <label className="file-button">
          Load a file…
          <input type="file" accept=".yaml,.yml,.json" data-testid="exp-file-input" onChange={onFile} />
        </label>
      </div>
      {loaded ? (
        <p className="muted exp-loaded">
          From <b>{loaded.file}</b>
          {unedited ? ' (unchanged: runs as written)' : ' (edited)'}
        </p>
      ) : null}

      <div className="exp-fields">
        <label className="wide">
          Name
          <input data-testid="exp-name" value={form.name} onChange={set('name')} aria-invalid={invalid('name')} />
        </label>
        <label className="wide">
          Scene
          <select data-testid="exp-scene" value={form.scene} onChange={set('scene')} aria-invalid={invalid('scene')}>
            {form.scene !== '' && !scene ? <option value={form.scene}>{form.scene} (not on this server)</option> : null}
            {scenes.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name} ({s.key})
              </option>
            ))}
          </select>
        </label>
        <label>
          Horizon
          <input
            data-testid="exp-horizon"
            value={form.horizon}
            onChange={set('horizon')}
            placeholder={scene?.run.horizon}
            aria-invalid={invalid('horizon')}
          />
        </label>
        <label>
          Warm-up
          <input
            data-testid="exp-warmup"
            value={form.warmup}
            onChange={set('warmup')}
            placeholder={scene?.run.warmup}
            aria-invalid={invalid('warmup')}
          />
        </label>
        <label>
          Replications
          <input
            data-testid="exp-reps"
            inputMode="numeric"
            value={form.replications}
            onChange={set('replications')}
            aria-invalid={invalid('replications')}
          />
        </label>
        <label>
          Seed
          <input
            data-testid="exp-seed"
            inputMode="numeric"
            value={form.seed}
            onChange={set('seed')}
            placeholder={scene ? String(scene.run.seed) : ''}
            aria-invalid={invalid('seed')}
          />
        </label>
        <label className="wide">
          Rank by
          <input data-testid="exp-rank" list="exp-kpis" value={form.rank} onChange={set('rank')} aria-invalid={invalid('rank')} />
        </label>
      </div>
      <datalist id="exp-kpis">
        {LINE_COLUMNS.map((c) => (
          <option key={c.kpi} value={c.kpi}>
            {c.title}
          </option>
        ))}
      </datalist>
      <ParamList scene={scene} />

      <h3>Variants</h3>
      {form.variants.map((v, i) => (
        <div key={i} className={`exp-variant${invalid(`variants[${i}]`) ? ' invalid' : ''}`} data-testid={`variant-${i}`}>
          <div className="exp-variant-head">
            <input
              aria-label={`Variant ${i + 1} name`}
              data-testid={`variant-name-${i}`}
              value={v.name}
              aria-invalid={invalid(`variants[${i}].name`)}
              onChange={(e) => edit((f) => ({ ...f, variants: f.variants.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)) }))}
            />
            {i === 0 ? <span className="muted small">{v.settings.length === 0 ? 'the line as it is' : ''}</span> : null}
            <button
              type="button"
              className="close"
              aria-label={`Remove variant ${v.name}`}
              disabled={form.variants.length <= 1}
              onClick={() => edit((f) => ({ ...f, variants: f.variants.filter((_, k) => k !== i) }))}
            >
              ✕
            </button>
          </div>
          {v.settings.map((row, j) => (
            <div key={j} className="exp-row">
              <input
                aria-label="Parameter path"
                placeholder="M2.cycleTime.mean"
                list="exp-params"
                data-testid={`setting-path-${i}-${j}`}
                value={row.path}
                aria-invalid={invalid(`variants[${i}].set[${j}]`)}
                onChange={(e) =>
                  edit((f) => ({
                    ...f,
                    variants: f.variants.map((x, k) =>
                      k === i ? { ...x, settings: x.settings.map((r, m) => (m === j ? { ...r, path: e.target.value } : r)) } : x,
                    ),
                  }))
                }
              />
              <input
                aria-label="Value"
                placeholder={hints.get(row.path.trim()) ?? 'value, as in the scene'}
                data-testid={`setting-value-${i}-${j}`}
                value={row.value}
                aria-invalid={invalid(`variants[${i}].set[${j}]`)}
                onChange={(e) =>
                  edit((f) => ({
                    ...f,
                    variants: f.variants.map((x, k) =>
                      k === i ? { ...x, settings: x.settings.map((r, m) => (m === j ? { ...r, value: e.target.value } : r)) } : x,
                    ),
                  }))
                }
              />
              <button
                type="button"
                className="close"
                aria-label="Remove setting"
                onClick={() =>
                  edit((f) => ({
                    ...f,
                    variants: f.variants.map((x, k) => (k === i ? { ...x, settings: x.settings.filter((_, m) => m !== j) } : x)),
                  }))
                }
              >
                ✕
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link"
            data-testid={`btn-add-setting-${i}`}
            onClick={() =>
              edit((f) => ({
                ...f,
                variants: f.variants.map((x, k) => (k === i ? { ...x, settings: [...x.settings, { path: '', value: '' }] } : x)),
              }))
            }
          >
            + setting
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="btn-add-variant"
        onClick={() =>
          edit((f) => ({
            ...f,
            variants: [...f.variants, { name: `variant ${f.variants.length + 1}`, settings: [{ path: '', value: '' }] }],
          }))
        }
      >
        + Variant
      </button>

      <h3>
        Sweeps <span className="muted small">every variant at every combination of these values</span>
      </h3>
      {form.sweeps.map((row, i) => (
        <div key={i} className={`exp-row${invalid(`sweep[${i}]`) ? ' invalid' : ''}`} data-testid={`sweep-${i}`}>
          <input
            aria-label="Swept parameter path"
            placeholder="B1.capacity"
            list="exp-params"
            data-testid={`sweep-path-${i}`}
            value={row.path}
            aria-invalid={invalid(`sweep[${i}]`)}
            onChange={(e) => edit((f) => ({ ...f, sweeps: f.sweeps.map((r, k) => (k === i ? { ...r, path: e.target.value } : r)) }))}
          />
          <input
            aria-label="Values"
            placeholder={hints.has(row.path.trim()) ? `e.g. ${hints.get(row.path.trim())}, …` : '0, 1, 2, 5'}
            data-testid={`sweep-values-${i}`}
            value={row.values}
            aria-invalid={invalid(`sweep[${i}]`)}
            onChange={(e) => edit((f) => ({ ...f, sweeps: f.sweeps.map((r, k) => (k === i ? { ...r, values: e.target.value } : r)) }))}
          />
          <button
            type="button"
            className="close"
            aria-label="Remove sweep"
            onClick={() => edit((f) => ({ ...f, sweeps: f.sweeps.filter((_, k) => k !== i) }))}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="btn-add-sweep"
        onClick={() => edit((f) => ({ ...f, sweeps: [...f.sweeps, { path: '', values: '' }] }))}
      >
        + Sweep
      </button>

      <div className="exp-launch">
        <span className="muted" data-testid="design-size">
          {describeSize(form.variants.length, size.points, form.replications, size.jobs)}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="btn-launch"
          disabled={!canLaunch}
          title={why}
          onClick={() => void client.launch()}
        >
          {launching ? 'Checking…' : 'Launch'}
        </button>
      </div>
      {role !== 'operator' ? (
        <p className="muted small" data-testid="launch-hint">
          Operator token required to launch: running experiments costs CPU on the server.
        </p>
      ) : null}
      {launchError ? (
        <ul className="exp-errors" role="alert" data-testid="launch-error">
          {launchError.split('\n').map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** `2 variants × 3 sweep points × 5 replications = 30 jobs`. */
function describeSize(variants: number, points: number, reps: string, jobs: number): string {
  const sweepPoints = variants > 0 ? points / variants : 0;
  const parts = [`${variants} variant${variants === 1 ? '' : 's'}`];
  if (sweepPoints !== 1) parts.push(`${sweepPoints} sweep points`);
  parts.push(`${reps || '?'} replications`);
  return `${parts.join(' × ')} = ${jobs} job${jobs === 1 ? '' : 's'}`;
}

/** Path suggestions for the chosen scene, with the scene's current value of each. */
function ParamList({ scene }: { scene: ExperimentScene | undefined }) {
  return (
    <datalist id="exp-params">
      {scene?.params.map((p) => (
        <option key={p.path} value={p.path}>{`= ${p.value}`}</option>
      ))}
    </datalist>
  );
}
