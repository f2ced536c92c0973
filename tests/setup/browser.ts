import type { TestProject } from 'vitest/node';
import { ensureBrowser, thisMachine } from '../helpers/browser.ts';

/**
 * Global setup of the browser tests (tests/report/): finds the Chromium or
 * Chrome they drive, installing Debian's chromium first where it can, and
 * fails before any test runs, with the command that fixes it, where it cannot.
 */
export default function setup(project: TestProject): void {
  const found = ensureBrowser(thisMachine(), (line) => console.log(`kzstat tests: ${line}`));
  console.log(`kzstat tests: the report's browser test drives ${found.path} (found by ${found.via})`);
  project.provide('browser', found.path);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** the Chromium or Chrome executable the browser tests launch */
    browser: string;
  }
}
