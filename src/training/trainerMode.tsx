import { openRuntime } from '../net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../net/trainingClient.ts';
import { parseUrlTarget } from '../net/urlTarget.ts';
import { TwinProvider } from '../net/runtime.tsx';
import { TrainingProvider } from './context.tsx';
import { TrainerConsole } from './TrainerConsole.tsx';
import './training.css';

/** The trainer mode (`?mode=trainer`, with `&session=CODE` once a scenario runs, so a reload stays on it). */
export function start(url: URL) {
  const runtime = openRuntime(parseUrlTarget(url.search));
  const store = createTrainingStore();
  const client = connectTraining(runtime.socket, store);
  return (
    <TwinProvider runtime={runtime}>
      <TrainingProvider runtime={{ store, client }}>
        <TrainerConsole />
      </TrainingProvider>
    </TwinProvider>
  );
}
