#!/usr/bin/env node
// The `alongside` command. The server is TypeScript run through tsx, so there is no
// separate server build step to forget (see docs/decisions.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/server/main.ts');
process.exitCode = await main(process.argv.slice(2));
