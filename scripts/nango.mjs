#!/usr/bin/env node
// Runs the project's pinned `nango` CLI without prompts it cannot need: no upgrade prompt, no dependency rewrite,
// no telemetry, and --no-interactive (a missing argument is an error, not a question). Without a terminal, dryrun
// also gets --auto-confirm: its only question ("N log messages remaining… (Y/n)") would otherwise end the run
// with exit code 12. Usage: node scripts/nango.mjs compile | dryrun ... | deploy ...
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
    extra.push('--no-dependency-update', '--no-interactive');
}
if (command === 'dryrun' && !process.stdin.isTTY) {
    extra.push('--auto-confirm');
}
// dryrun reads the compiled definitions before it compiles: on a fresh clone, build them first
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
if (command === 'dryrun' && path.resolve(process.cwd()) === root && !fs.existsSync(path.join(root, '.nango', 'nango.json'))) {
    const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
    const built = spawnSync(process.execPath, [tsx, path.join(root, 'scripts', 'build.ts')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
}
// an emulator just started in the background (`npm run emulator … &`) may not listen yet: wait for it a little
const hostport = process.env.NANGO_HOSTPORT;
if ((command === 'dryrun' || command === 'deploy') && hostport && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(hostport)) {
    for (let attempt = 0; attempt < 40; attempt++) {
        const up = await fetch(hostport).then(
            () => true,
            () => false
        );
        if (up) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}
const result = spawnSync(process.execPath, [cli, command, ...rest, ...extra.filter((flag) => !rest.includes(flag))], {
    stdio: 'inherit',
    env: { ...process.env, NANGO_CLI_UPGRADE_MODE: 'ignore', NANGO_CLI_DEPENDENCY_UPDATE: 'false' }
});
process.exit(result.status ?? 1);
