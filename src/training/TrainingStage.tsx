import { EventLog } from '../ui/EventLog.tsx';
import { NoticeBar } from '../ui/NoticeBar.tsx';
import { Stage } from '../ui/Stage.tsx';
import { ViewControls } from '../ui/ViewControls.tsx';
import { MessageBanner } from './MessageBanner.tsx';

/** The 3D line as trainer and trainees both see it: view controls, event log, the scenario's messages, notices. */
export function TrainingStage() {
  return (
    <Stage>
      <ViewControls />
      <EventLog />
      <MessageBanner />
      <NoticeBar />
    </Stage>
  );
}
