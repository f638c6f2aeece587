// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EditorClient } from '../../src/editor/editorClient.ts';
import { createEditorStore, redo, undo } from '../../src/editor/editorStore.ts';
import { ParamPanel } from '../../src/editor/ParamPanel.tsx';
import { ChangesList } from '../../src/editor/ChangesList.tsx';
import { EditorProvider } from '../../src/editor/runtime.tsx';
import { TEMPLATES } from '../../src/editor/templates.ts';
import { validateScene } from '../../src/editor/validate.ts';

/** The parameter panel in a DOM: fields write edits, the validator's messages show at the field, undo restores. */

const fakeClient = {} as EditorClient; // the panel makes no requests

function setup() {
  const store = createEditorStore();
  store.getState().open(TEMPLATES[0]!.text, 'serial-line.yaml', 'template');
  render(
    <EditorProvider runtime={{ store, client: fakeClient }}>
      <ParamPanel />
      <ChangesList />
    </EditorProvider>,
  );
  return store;
}

/** Types into a field and commits it as leaving the field does. */
function commit(testId: string, value: string): void {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

afterEach(cleanup);

describe('parameter panel', () => {
  it('without a selection shows the scene fields', () => {
    setup();
    expect(screen.getByTestId('field-name')).toHaveProperty('value', 'Serial line');
    expect(screen.getByTestId('field-run.horizon')).toHaveProperty('value', '7d');
  });

  it('edits a buffer capacity and a machine cycle time, shows an invalid value inline, and undoes', () => {
    const store = setup();
    act(() => store.getState().select(['B1']));
    commit('field-stations[2].capacity', '12');
    expect(parse(store.getState().text).stations[2].capacity).toBe(12);

    act(() => store.getState().select(['M1']));
    // the template's M1 has an exponential cycle time: its mean is a parameter field
    commit('field-stations[1].cycleTime.mean', '42s');
    expect(parse(store.getState().text).stations[1].cycleTime).toEqual({ dist: 'exponential', mean: '42s' });
    fireEvent.change(screen.getByTestId('field-stations[1].cycleTime-dist'), { target: { value: 'constant' } });
    expect(parse(store.getState().text).stations[1].cycleTime).toBe('42s');

    commit('field-stations[1].scrap', '1.5');
    const expected = validateScene(store.getState().text, 'serial-line.yaml').issues.find((i) => i.path === 'stations[1].scrap')!;
    expect(expected.message).toBeTruthy();
    expect(screen.getByTestId('error-stations[1].scrap').textContent).toContain(expected.message);

    expect(screen.getByTestId('changes').textContent).toContain('Set stations[1].scrap to 1.5');
    act(() => undo(store));
    expect(screen.queryByTestId('error-stations[1].scrap')).toBeNull();
    expect(screen.getByTestId('field-stations[1].scrap')).toHaveProperty('value', '');
    expect(store.getState().changes).toHaveLength(3);
    act(() => redo(store));
    expect(parse(store.getState().text).stations[1].scrap).toBe(1.5);
    act(() => {
      undo(store);
      undo(store);
      undo(store);
      undo(store);
    });
    expect(store.getState().text).toBe(TEMPLATES[0]!.text);
    expect(store.getState().changes).toEqual([]);
  });

  it('renames a station everywhere the file names it', () => {
    const store = setup();
    act(() => store.getState().select(['M2']));
    commit('field-stations[3].id', 'PRESS');
    const data = parse(store.getState().text);
    expect(data.flow).toMatchObject({ B1: 'PRESS', PRESS: 'B2' });
    expect(data.layout.PRESS).toEqual({ x: 6, z: 0 });
    expect(store.getState().selected).toEqual(['PRESS']);
    expect(validateScene(store.getState().text, 'x.yaml').issues).toEqual([]);
  });
});
