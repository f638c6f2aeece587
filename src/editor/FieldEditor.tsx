import { useState, type KeyboardEvent } from 'react';
import type { SceneIssueWire } from '@protocol/editor.ts';
import {
  capacityValue,
  distKind,
  distributionOf,
  DISTRIBUTIONS,
  numberOrText,
  paramUnit,
  paramValue,
  readYaml,
  showValue,
  typicalSeconds,
} from './fieldValues.ts';
import type { FieldSpec } from './schemaFields.ts';
import type { ScenePath } from './sceneEdits.ts';
import { issueText, issuesAt, pathText } from './validate.ts';

/**
 * One field of the parameter panel, by its kind (schemaFields.ts): a text or number input that writes on Enter
 * or when it loses focus, a checkbox, a choice, a distribution picker with its parameters, a capacity, a group
 * of fields, or inline YAML. Below it, the validator's messages about this path, word for word.
 */

/** What a field does with a value: write it (undefined removes an optional key). */
export interface FieldActions {
  set(path: ScenePath, value: unknown, label: string): void;
  remove(path: ScenePath, label: string): void;
}

interface FieldProps {
  spec: FieldSpec;
  path: ScenePath;
  value: unknown;
  issues: readonly SceneIssueWire[];
  actions: FieldActions;
}

const label = (path: ScenePath): string => pathText(path);

/** An input that keeps its own text while typing and commits on Enter or blur. */
function CommitInput({
  value,
  onCommit,
  testId,
  placeholder,
}: {
  value: string;
  onCommit: (text: string) => void;
  testId: string;
  placeholder?: string;
}) {
  const [text, setText] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    // the file changed under the input (an undo, another edit): show the new value
    setShownValue(value);
    setText(value);
  }
  const commit = (): void => {
    if (text !== value) onCommit(text);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') setText(value);
  };
  return (
    <input
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKey}
      data-testid={testId}
      aria-label={testId.replace(/^field-/, '')}
    />
  );
}

/** The validator's messages at a path, next to its field. */
function FieldErrors({ issues, path }: { issues: readonly SceneIssueWire[]; path: ScenePath }) {
  const here = issuesAt(issues, path);
  if (here.length === 0) return null;
  return (
    <ul className="field-errors" role="alert" data-testid={`error-${pathText(path)}`}>
      {here.map((i, k) => (
        <li key={k}>{issueText(i)}</li>
      ))}
    </ul>
  );
}

/** A scalar written from text: empty removes an optional key. */
function commitScalar(props: FieldProps, text: string, convert: (t: string) => unknown): void {
  const { spec, path, actions } = props;
  if (text.trim() === '' && spec.optional) actions.remove(path, `Cleared ${label(path)}`);
  else actions.set(path, convert(text), `Set ${label(path)} to ${text.trim()}`);
}

function DistributionField(props: FieldProps) {
  const { path, value, actions } = props;
  const kind = distKind(value);
  const id = `field-${pathText(path)}`;
  if (kind === null) return <YamlField {...props} />; // one per product: edited as YAML
  const params = DISTRIBUTIONS[kind] ?? [];
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  return (
    <div className="dist-field">
      <select
        value={value === undefined ? '' : kind}
        data-testid={`${id}-dist`}
        aria-label={`${pathText(path)} distribution`}
        onChange={(e) => {
          const k = e.target.value;
          if (k === '') actions.remove(path, `Cleared ${label(path)}`);
          else actions.set(path, distributionOf(k, typicalSeconds(value)), `Set ${label(path)} to ${k}`);
        }}
      >
        {props.spec.optional ? <option value="">(none)</option> : null}
        {Object.keys(DISTRIBUTIONS).map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      {value === undefined ? null : kind === 'constant' ? (
        <span className="param">
          <CommitInput value={showValue(value)} testId={id} onCommit={(t) => commitScalar(props, t, numberOrText)} placeholder="e.g. 12s" />
          <span className="unit">s or 90s, 5min</span>
        </span>
      ) : (
        params.map((p) => (
          <span className="param" key={p}>
            <span className="param-name">{p}</span>
            <CommitInput
              value={showValue(obj?.[p])}
              testId={`${id}.${p}`}
              onCommit={(t) => actions.set([...path, p], paramValue(p, t), `Set ${label([...path, p])} to ${t.trim()}`)}
            />
            <span className="unit">{paramUnit(p)}</span>
          </span>
        ))
      )}
    </div>
  );
}

function YamlField({ path, value, actions, spec }: FieldProps) {
  const shown = showValue(value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [was, setWas] = useState(shown);
  if (was !== shown) {
    setWas(shown);
    setText(shown);
  }
  const commit = (): void => {
    if (text === shown) return;
    if (text.trim() === '' && spec.optional) return actions.remove(path, `Cleared ${label(path)}`);
    const r = readYaml(text);
    if ('error' in r) return setError(r.error);
    setError(null);
    actions.set(path, r.value, `Set ${label(path)}`);
  };
  return (
    <>
      <textarea
        className="yaml-field"
        rows={Math.min(6, Math.max(1, text.split('\n').length))}
        value={text}
        placeholder="YAML"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        data-testid={`field-${pathText(path)}`}
        aria-label={pathText(path)}
      />
      {error ? <p className="field-errors">{error}</p> : null}
    </>
  );
}

function GroupField(props: FieldProps) {
  const { spec, path, value, actions, issues } = props;
  const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (obj === undefined)
    return (
      <button
        type="button"
        className="link"
        onClick={() => actions.set(path, {}, `Added ${label(path)}`)}
        data-testid={`add-${pathText(path)}`}
      >
        + add {spec.key}
      </button>
    );
  return (
    <div className="group-field">
      {(spec.fields ?? []).map((f) => (
        <Field key={f.key} spec={f} path={[...path, f.key]} value={obj[f.key]} issues={issues} actions={actions} />
      ))}
      {spec.optional ? (
        <button type="button" className="link danger" onClick={() => actions.remove(path, `Removed ${label(path)}`)}>
          remove {spec.key}
        </button>
      ) : null}
    </div>
  );
}

function Control(props: FieldProps) {
  const { spec, path, value, actions } = props;
  const id = `field-${pathText(path)}`;
  switch (spec.kind) {
    case 'fixed':
      return <span className="fixed-field">{showValue(value ?? spec.choices?.[0])}</span>;
    case 'boolean':
      return (
        <input
          type="checkbox"
          checked={value === true}
          data-testid={id}
          aria-label={pathText(path)}
          onChange={(e) =>
            e.target.checked ? actions.set(path, true, `Set ${label(path)} on`) : actions.remove(path, `Set ${label(path)} off`)
          }
        />
      );
    case 'choice':
      return (
        <select
          value={typeof value === 'string' ? value : ''}
          data-testid={id}
          aria-label={pathText(path)}
          onChange={(e) =>
            e.target.value === ''
              ? actions.remove(path, `Cleared ${label(path)}`)
              : actions.set(path, e.target.value, `Set ${label(path)} to ${e.target.value}`)
          }
        >
          <option value="">{spec.optional ? '(default)' : '(choose)'}</option>
          {(spec.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
    case 'distribution':
      return <DistributionField {...props} />;
    case 'group':
      return <GroupField {...props} />;
    case 'yaml':
      return <YamlField {...props} />;
    case 'capacity':
      return (
        <CommitInput
          value={showValue(value)}
          testId={id}
          onCommit={(t) => commitScalar(props, t, capacityValue)}
          placeholder="5 or unlimited"
        />
      );
    case 'number':
    case 'duration':
      return <CommitInput value={showValue(value)} testId={id} onCommit={(t) => commitScalar(props, t, numberOrText)} />;
    default:
      return <CommitInput value={showValue(value)} testId={id} onCommit={(t) => commitScalar(props, t, (x) => x.trim())} />;
  }
}

/** A labelled field with its unit and its inline errors. */
export function Field(props: FieldProps) {
  const { spec, path, issues } = props;
  const group = spec.kind === 'group';
  return (
    <div className={`field kind-${spec.kind}${issuesAt(issues, path).length ? ' has-error' : ''}`} data-field={pathText(path)}>
      <label className={group ? 'field-label group-label' : 'field-label'}>
        {spec.key}
        {spec.optional ? '' : ' *'}
      </label>
      <div className="field-control">
        <Control {...props} />
        {spec.unit && spec.kind !== 'distribution' && !group ? <span className="unit">{spec.unit}</span> : null}
      </div>
      {group ? null : <FieldErrors issues={issues} path={path} />}
    </div>
  );
}
