import { ReactFlowProvider } from '@xyflow/react';
import { ChangesList } from './ChangesList.tsx';
import { EditorTopBar } from './EditorTopBar.tsx';
import { EstimatePanel } from './EstimatePanel.tsx';
import { IssuesList } from './IssuesList.tsx';
import { Palette } from './Palette.tsx';
import { ParamPanel } from './ParamPanel.tsx';
import { Plan } from './Plan.tsx';
import { PlanToolbar } from './PlanToolbar.tsx';
import { Preview3D } from './Preview3D.tsx';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { StartScreen } from './StartScreen.tsx';
import { useScene } from './useScene.ts';
import { useUndoKeys } from './useUndoKeys.ts';

/** The editing screen: palette, plan with its toolbar, parameters; 3D preview, estimate, problems and changes. */
function Workspace() {
  const { plan } = useScene();
  return (
    <div className="editor-workspace">
      <Palette />
      <div className="editor-center">
        <PlanToolbar />
        <Plan />
        <IssuesList />
      </div>
      <div className="editor-side">
        <ParamPanel />
      </div>
      <div className="editor-bottom">
        <Preview3D plan={plan} />
        <EstimatePanel />
        <ChangesList />
      </div>
    </div>
  );
}

/** The editor page: the open screen until a scene is opened, then the workspace. */
export function EditorApp() {
  const { store } = useEditorRuntime();
  const opened = useEditor((s) => s.opened);
  const notice = useEditor((s) => s.notice);
  useUndoKeys(store);
  return (
    <div className="editor-app">
      <EditorTopBar />
      {notice ? (
        <p className={`editor-notice ${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'} data-testid="editor-notice">
          {notice.text}
          <button type="button" className="link" onClick={() => store.setState({ notice: null })} aria-label="Dismiss">
            ×
          </button>
        </p>
      ) : null}
      {opened ? (
        <ReactFlowProvider>
          <Workspace />
        </ReactFlowProvider>
      ) : (
        <StartScreen />
      )}
    </div>
  );
}
