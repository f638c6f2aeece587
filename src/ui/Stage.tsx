import type { ReactNode } from 'react';
import { LabelLayerProvider } from '../scene/labelLayer.tsx';
import { TwinCanvas } from '../scene/TwinCanvas.tsx';
import { useTwin } from '../net/runtime.tsx';
import { ErrorBoundary } from '../scene/ErrorBoundary.tsx';
import { StationLabels } from './StationLabels.tsx';

/** The 3D line with its station labels; overlays (controls, log, notices) come as children. Every mode shows it. */
export function Stage({ children, className }: { children?: ReactNode; className?: string }) {
  const hasLine = useTwin((s) => s.stations.length > 0);
  return (
    <main className={className ? `stage ${className}` : 'stage'}>
      <LabelLayerProvider>
        <ErrorBoundary
          fallback={(e) => (
            <div className="stage-empty" role="alert">
              3D view unavailable: {e.message}. KPIs, events and controls still work.
            </div>
          )}
        >
          <TwinCanvas />
        </ErrorBoundary>
        <StationLabels />
      </LabelLayerProvider>
      {!hasLine ? <div className="stage-empty">Waiting for the line…</div> : null}
      {children}
    </main>
  );
}
