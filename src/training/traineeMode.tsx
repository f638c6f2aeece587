import { openRuntime } from '../net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../net/trainingClient.ts';
import { TwinProvider } from '../net/runtime.tsx';
import { TrainingProvider } from './context.tsx';
import { TraineeView } from './TraineeView.tsx';
import './training.css';

const CODE = /^[A-Za-z0-9]{6}$/;

/** The trainee mode (`?join=CODE` or `?mode=trainee`): joins the session by its code once a name is given. */
export function start(url: URL) {
  const q = url.searchParams;
  const raw = q.get('join') ?? q.get('session') ?? '';
  const code = CODE.test(raw) ? raw.toUpperCase() : undefined;
  const runtime = openRuntime(code ? { session: code } : {}, { autoJoin: code !== undefined });
  runtime.store.setState({ hideBottleneck: true });
  const store = createTrainingStore();
  const client = connectTraining(runtime.socket, store, typeof sessionStorage === 'undefined' ? null : sessionStorage);
  return (
    <TwinProvider runtime={runtime}>
      <TrainingProvider runtime={{ store, client }}>
        <TraineeView code={code} />
      </TrainingProvider>
    </TwinProvider>
  );
}
