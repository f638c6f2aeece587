import { LabelLayerProvider } from './scene/labelLayer.tsx';
import { TwinCanvas } from './scene/TwinCanvas.tsx';
import { useTwin } from './state/runtime.tsx';
import { ErrorBoundary } from './ui/ErrorBoundary.tsx';
import { EventLog } from './ui/EventLog.tsx';
import { Inspector } from './ui/Inspector.tsx';
import { KpiPanel } from './ui/KpiPanel.tsx';
import { NoticeBar } from './ui/NoticeBar.tsx';
import { StationLabels } from './ui/StationLabels.tsx';
import { TopBar } from './ui/TopBar.tsx';
import { ViewControls } from './ui/ViewControls.tsx';

/**
 * The page: top bar, the 3D stage with its overlays (view controls, event log, notices) and the side panel
 * (KPIs, inspector). Later modes (presentation, trainer console) can reuse the stage and panels as parts.
 */
export function App() {
  const hasLine = useTwin((s) => s.stations.length > 0);
  return (
    <div className="app">
      <TopBar />
      <main className="stage">
        <LabelLayerProvider>
          <ErrorBoundary fallback={(e) => <div className="stage-empty" role="alert">3D view unavailable: {e.message}. KPIs, events and controls still work.</div>}>
            <TwinCanvas />
          </ErrorBoundary>
          <StationLabels />
        </LabelLayerProvider>
        {!hasLine ? <div className="stage-empty">Waiting for the line…</div> : null}
        <ViewControls />
        <EventLog />
        <NoticeBar />
      </main>
      <aside className="side">
        <Inspector />
        <KpiPanel />
      </aside>
    </div>
  );
}
