// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainingReport } from '../../server/protocol/training.ts';
import { TraineeTable } from '../../src/training/TraineeTable.tsx';

/** The trainer console's trainees table: removing a trainee asks first, then calls back with the trainee's id. */

const report: TrainingReport = {
  state: {
    session: 's2',
    code: 'ABCDEF',
    status: 'running',
    steps: [],
    message: null,
    controls: [],
    trainees: 2,
    scenario: { key: 'quick', name: 'Quick', description: '', scene: 'line', sceneName: 'Line', duration: 600, tasks: 0, speed: 60 },
    tasks: [],
  },
  actions: [],
  trainees: [
    { id: 'anna-id', name: 'Anna', connected: true, score: 0, maxScore: 0, actions: 0, results: [] },
    { id: 'fake-id', name: 'Fake', connected: true, score: 0, maxScore: 0, actions: 0, results: [] },
  ],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the trainees table', () => {
  it('removes a trainee after the trainer confirms, and not otherwise', () => {
    const onRemove = vi.fn();
    render(<TraineeTable report={report} onRemove={onRemove} />);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm); // happy-dom has no dialogs
    fireEvent.click(screen.getByTestId('remove-Fake'));
    expect(confirm).toHaveBeenCalledWith('Remove Fake from the class? Their answers go with them.');
    expect(onRemove).not.toHaveBeenCalled();
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByTestId('remove-Fake'));
    expect(onRemove).toHaveBeenCalledWith('fake-id');
    expect(screen.getByRole('button', { name: 'Remove Anna' })).toBeTruthy();
  });
});
