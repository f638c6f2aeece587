import { useState, type ChangeEvent } from 'react';
import { TokenSignIn } from '../ui/OperatorLogin.tsx';
import { modeHref } from '../ui/modeLinks.ts';
import { downloadScene, saveNameOf, saveScene, uploadScene } from './fileActions.ts';
import { SAVED_SCENE_NAME } from '@protocol/editor.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { useScene } from './useScene.ts';

/** The editor's top bar: the scene's name, save (operators), download, upload, run, and sign-in. */
export function EditorTopBar() {
  const { store, client } = useEditorRuntime();
  const role = useEditor((s) => s.role);
  const file = useEditor((s) => s.file);
  const origin = useEditor((s) => s.origin);
  const opened = useEditor((s) => s.opened);
  const { text, plan, checked } = useScene();
  const [name, setName] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const saveName = name ?? (origin === 'bundled' ? `${saveNameOf(file)}-edited` : saveNameOf(file));
  const operator = role === 'operator';
  const valid = checked.scene !== null;

  const run = async (): Promise<void> => {
    setRunning(true);
    const res = await client.run(text, saveName);
    setRunning(false);
    if (res.ok)
      window.location.href = modeHref('live', { session: res.session.code || res.session.id }); // private: joined by its code
    else store.setState({ notice: { level: 'error', text: `Could not run: ${res.error}` } });
  };
  const onUpload = (e: ChangeEvent<HTMLInputElement>): void => {
    const f = e.target.files?.[0];
    if (f) void uploadScene(store, f);
    e.target.value = '';
  };

  return (
    <header className="topbar editor-topbar">
      <a className="brand" href={modeHref('scenes')}>
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">LineTwin</span>
      </a>
      <span className="editor-title">Line editor</span>
      {opened ? (
        <span className="scene" data-testid="editor-scene-name" title={file}>
          {plan.name || file}
        </span>
      ) : null}
      <span className="spacer" />
      {opened ? (
        <>
          <span className="save-group">
            <input
              className="save-name"
              value={saveName}
              onChange={(e) => setName(e.target.value)}
              aria-label="Save as"
              data-testid="save-name"
              title="Letters, digits, - and _ (no dots or slashes)"
            />
            <button
              type="button"
              onClick={() => void saveScene(store, client, saveName)}
              disabled={!operator || !valid || !SAVED_SCENE_NAME.test(saveName)}
              title={operator ? (valid ? 'Save to the saved-scenes folder' : 'Fix the problems first') : 'Operators save; sign in'}
              data-testid="save"
            >
              Save
            </button>
          </span>
          <button type="button" onClick={() => downloadScene(text, `${saveName}.yaml`)} data-testid="download">
            Download YAML
          </button>
        </>
      ) : null}
      <label className="button upload">
        Upload YAML
        <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={onUpload} data-testid="upload" hidden />
      </label>
      {opened ? (
        <button
          type="button"
          className="primary"
          onClick={() => void run()}
          disabled={!operator || !valid || running}
          title={operator ? 'Run the edited line live in a session of its own' : 'Operators run lines; sign in'}
          data-testid="run"
        >
          {running ? 'Starting…' : 'Run'}
        </button>
      ) : null}
      <TokenSignIn role={role} client={client} />
    </header>
  );
}
