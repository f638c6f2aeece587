import type { ChangeEvent } from 'react';
import { openScene, uploadScene } from './fileActions.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { EMPTY_FLOOR, TEMPLATES } from './templates.ts';

/** What to edit: an empty floor, a template, a bundled or saved scene, or a YAML file from disk. */
export function StartScreen() {
  const { store, client } = useEditorRuntime();
  const scenes = useEditor((s) => s.scenes);
  const onUpload = (e: ChangeEvent<HTMLInputElement>): void => {
    const f = e.target.files?.[0];
    if (f) void uploadScene(store, f);
  };
  const saved = scenes.filter((s) => s.saved === true);
  const bundled = scenes.filter((s) => s.saved !== true);
  return (
    <main className="editor-start" data-testid="editor-start">
      <h1>Build a line</h1>
      <section>
        <h2>Start new</h2>
        <div className="card-grid">
          <button
            type="button"
            className="card start-card"
            data-testid="start-empty"
            onClick={() => store.getState().open(EMPTY_FLOOR, 'new-line.yaml', 'empty')}
          >
            <b>Empty floor</b>
            <span className="muted">Place stations from the palette</span>
          </button>
          {TEMPLATES.map((t) => (
            <button
              type="button"
              key={t.key}
              className="card start-card"
              data-testid={`start-template-${t.key}`}
              onClick={() => store.getState().open(t.text, `${t.key}-line.yaml`, 'template')}
            >
              <b>{t.title}</b>
              <span className="muted">{t.blurb}</span>
            </button>
          ))}
          <label className="card start-card">
            <b>Upload YAML</b>
            <span className="muted">A scene file from your computer</span>
            <input type="file" accept=".yaml,.yml" onChange={onUpload} hidden />
          </label>
        </div>
      </section>
      {[
        ['Saved scenes', saved],
        ['Bundled scenes', bundled],
      ].map(([title, list]) =>
        (list as typeof scenes).length ? (
          <section key={title as string}>
            <h2>{title as string}</h2>
            <div className="card-grid">
              {(list as typeof scenes).map((s) => (
                <button
                  type="button"
                  key={s.key}
                  className="card start-card"
                  data-testid={`start-scene-${s.key}`}
                  onClick={() => void openScene(store, client, s.key)}
                >
                  <b>{s.name}</b>
                  <span className="muted">{s.stations} stations</span>
                </button>
              ))}
            </div>
          </section>
        ) : null,
      )}
    </main>
  );
}
