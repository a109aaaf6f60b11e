#!/usr/bin/env node
// The `prospector` command: loads the TypeScript entrypoint through tsx in this same process (no build step),
// so signals such as SIGTERM reach the application directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/apps/cli/main.ts');
