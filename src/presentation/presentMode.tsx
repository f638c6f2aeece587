import { openRuntime, whenConnected } from '../net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../net/trainingClient.ts';
import { Presentation } from './Presentation.tsx';
import { StoryList } from './StoryList.tsx';
import './presentation.css';
import '../scenes/scenes.css';

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** A story with a middle side gets a third connection, opened only then. */
const openSide = () => openRuntime({}, { autoJoin: false });

/**
 * The presentation mode (`?mode=present&story=<key>`): one connection per side of the story (two, or three for a
 * story with a middle side), joined to the story's sessions once the server has opened them. Without a story:
 * the list of stories.
 */
export function start(url: URL) {
  const story = url.searchParams.get('story');
  const before = openRuntime({}, { autoJoin: false });
  const training = connectTraining(before.socket, createTrainingStore());
  if (!story || !KEY.test(story)) return <StoryList training={training} ready={whenConnected(before.store)} />;
  const after = openRuntime({}, { autoJoin: false });
  return <Presentation storyKey={story} before={before} after={after} openSide={openSide} training={training} />;
}
