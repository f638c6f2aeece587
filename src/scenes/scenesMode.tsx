import { openRuntime } from '../net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../net/trainingClient.ts';
import { TwinProvider } from '../net/runtime.tsx';
import { ScenePicker } from './ScenePicker.tsx';
import './scenes.css';

/** The scene picker (`?mode=scenes`): a connection that joins no session, only asks for the catalog. */
export function start() {
  const runtime = openRuntime({}, { autoJoin: false });
  const training = connectTraining(runtime.socket, createTrainingStore());
  return (
    <TwinProvider runtime={runtime}>
      <ScenePicker runtime={runtime} training={training} />
    </TwinProvider>
  );
}
