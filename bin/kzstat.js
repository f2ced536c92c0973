#!/usr/bin/env node
// The command runs the TypeScript sources directly (through tsx), so a pipeline
// edited in pipelines/ takes effect on the next run with no build step.
import { register } from 'tsx/esm/api';

// zod is about a hundred module files that need no transform: loaded before tsx's hooks it takes less than half the time
await import('zod');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
