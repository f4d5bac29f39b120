/**
 * A scratch copy of the package for the tests that run the real `nango` CLI: the CLI compiles into build/ and
 * .nango/ of its working folder, and a copy keeps it from rewriting the bundles other test files are reading.
 * The copy starts with the bundles the global setup built (dryrun reads them before it compiles), so no test
 * compiles just to get started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { entries } from '../../scripts/build.js';
import { projectRoot } from './runtime.js';

export interface Workspace {
    dir: string;
    /** Runs `node scripts/nango.mjs <args>` in the copy, pointed at the given Nango host. */
    nango(args: string[], hostport: string): Promise<{ code: number; out: string; ms: number }>;
    remove(): void;
}

/** A copy of the package; with `only`, its index.ts registers just those functions (a smaller compile). */
export function copyPackage(only?: string[]): Workspace {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-nango-cli-'));
    for (const entry of ['index.ts', 'package.json', 'tsconfig.json', 'salesforce']) {
        fs.cpSync(path.join(projectRoot, entry), path.join(dir, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}tests`) });
    }
    const registered = entries(projectRoot).filter((e) => !only || only.includes(e.name));
    if (only) {
        if (registered.length !== only.length) throw new Error(`not all of ${only.join(', ')} are registered in index.ts`);
        fs.writeFileSync(path.join(dir, 'index.ts'), registered.map((e) => `import './${e.source.replace(/\.ts$/, '.js')}';\n`).join(''));
    }
    fs.mkdirSync(path.join(dir, 'build'));
    for (const entry of registered) fs.copyFileSync(entry.bundle, path.join(dir, 'build', path.basename(entry.bundle)));
    fs.mkdirSync(path.join(dir, '.nango'));
    fs.copyFileSync(path.join(projectRoot, '.nango', 'nango.json'), path.join(dir, '.nango', 'nango.json'));
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return {
        dir,
        nango: (args, hostport) =>
            new Promise((resolve) => {
                const started = Date.now();
                const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'nango.mjs'), ...args], {
                    cwd: dir,
                    env: { ...process.env, NANGO_HOSTPORT: hostport, NANGO_SECRET_KEY_DEV: 'emulator-secret-key', NANGO_DEPLOY_AUTO_CONFIRM: 'true' },
                    stdio: ['ignore', 'pipe', 'pipe']
                });
                let out = '';
                child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
                child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
                child.on('close', (code) => resolve({ code: code ?? 1, out, ms: Date.now() - started }));
            }),
        remove: () => fs.rmSync(dir, { recursive: true, force: true })
    };
}
