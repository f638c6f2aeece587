import { EventLog } from './ui/EventLog.tsx';
import { Inspector } from './ui/Inspector.tsx';
import { KpiPanel } from './ui/KpiPanel.tsx';
import { NoticeBar } from './ui/NoticeBar.tsx';
import { Stage } from './ui/Stage.tsx';
import { TopBar } from './ui/TopBar.tsx';
import { ViewControls } from './ui/ViewControls.tsx';

/**
 * The live page: top bar, the 3D stage with its overlays (view controls, event log, notices) and the side
 * panel (KPIs, inspector). The other modes (src/modes.ts) reuse the stage and panels as parts.
 */
export function App() {
  return (
    <div className="app">
      <TopBar />
      <Stage>
        <ViewControls />
        <EventLog />
        <NoticeBar />
      </Stage>
      <aside className="side">
        <Inspector />
        <KpiPanel />
      </aside>
    </div>
  );
}
