import { useMemo } from 'react';
import { readPlan, type PlanModel } from './sceneModel.ts';
import { useEditor } from './runtime.tsx';
import { validateScene, type Checked } from './validate.ts';

/** The scene being edited as the views need it: the plan (drawable even when invalid) and the validation. */
export interface SceneView {
  text: string;
  plan: PlanModel;
  checked: Checked;
}

/** The plan and validation of the current text, computed once per text. */
export function useScene(): SceneView {
  const text = useEditor((s) => s.text);
  const file = useEditor((s) => s.file);
  return useMemo(() => ({ text, plan: readPlan(text), checked: validateScene(text, file) }), [text, file]);
}
