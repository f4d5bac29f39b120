#!/usr/bin/env node
// Runs the project's pinned `nango` CLI non-interactively: no upgrade prompt, no dependency rewrite,
// no telemetry. Usage: node scripts/nango.mjs compile | dryrun ... | deploy ...
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('nango/package.json')), 'dist', 'index.js');
const [command, ...rest] = process.argv.slice(2);
if (!command) {
    process.stderr.write('usage: node scripts/nango.mjs <command> [args...]\n');
    process.exit(2);
}
const extra = ['--no-telemetry'];
if (command === 'compile' || command === 'dryrun' || command === 'deploy') {
    extra.push('--no-dependency-update');
}
const result = spawnSync(process.execPath, [cli, command, ...rest, ...extra.filter((flag) => !rest.includes(flag))], {
    stdio: 'inherit',
    env: { ...process.env, NANGO_CLI_UPGRADE_MODE: 'ignore', NANGO_CLI_DEPENDENCY_UPDATE: 'false' }
});
process.exit(result.status ?? 1);
