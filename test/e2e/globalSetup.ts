import type { TestProject } from 'vitest/node';
import { buildApp } from './buildApp.ts';

/**
 * The slow project's global setup: builds the browser app into dist/ once per run, before any browser test
 * file starts, and tells them where it is (`inject('distDir')`). Runs when the slow project has files to run,
 * also when one e2e file is run alone.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder with the built browser app, served by every browser test's server. */
    distDir: string;
  }
}

/** Builds dist/ and provides its path to the test files. */
export default async function setup(project: TestProject): Promise<void> {
  const distDir = 'dist';
  await buildApp(distDir);
  project.provide('distDir', distDir);
}
