/**
 * Smoke tests through the real `nango` CLI against the emulator: `nango dryrun --validate` of an action and
 * `nango deploy dev --auto-confirm`, which must deliver every function in index.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { projectRoot } from './runtime.js';

let emulator: EmulatorHandle;
let workspace: string;

/**
 * The CLI compiles into build/ and .nango/ of its working folder; a copy of the package keeps it from rewriting the
 * bundles other test files are reading at the same time.
 */
function copyPackage(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-nango-cli-'));
    for (const entry of ['index.ts', 'package.json', 'tsconfig.json', 'salesforce']) {
        fs.cpSync(path.join(projectRoot, entry), path.join(dir, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}tests`) });
    }
    fs.mkdirSync(path.join(dir, '.nango'));
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return dir;
}

beforeAll(async () => {
    workspace = copyPackage();
    emulator = await startEmulator({ seed: 3, volume: 10, proxyRetryBaseMs: 1 });
    // dryrun reads the compiled definitions before it recompiles, so the copy is compiled once first
    const compiled = await nango(['compile']);
    if (compiled.code !== 0) throw new Error(compiled.out);
});
afterAll(async () => {
    await emulator?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

function nango(args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'nango.mjs'), ...args], {
            cwd: workspace,
            env: { ...process.env, NANGO_HOSTPORT: emulator.url, NANGO_SECRET_KEY_DEV: 'emulator-secret-key', NANGO_DEPLOY_AUTO_CONFIRM: 'true' },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
}

/** Function names registered in index.ts. */
function registered(): string[] {
    const index = fs.readFileSync(path.join(projectRoot, 'index.ts'), 'utf8');
    return [...index.matchAll(/^import '\.\/salesforce\/(?:actions|syncs)\/([a-z0-9-]+)\.js';$/gm)].map((m) => m[1] ?? '');
}

describe('nango CLI against the emulator', () => {
    it('dryrun --validate of query-records prints the page the emulator returned', async () => {
        const soql = 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 3';
        const result = await nango(['dryrun', 'query-records', emulator.connectionId, '-e', 'dev', '--validate', '--auto-confirm', '--input', JSON.stringify({ query: soql })]);
        expect(result.code, result.out).toBe(0);
        const names = (emulator.org.list('Account') as Array<Record<string, any>>).map((a) => String(a['Name'])).sort();
        expect(result.out).toContain(`"Name": ${JSON.stringify(names[0])}`);
        expect(result.out).toContain('"totalSize": 3');
        expect(emulator.stats().byEndpoint).toBeDefined();
    }, 120_000);

    it('dryrun of a refused input reports invalid_input and sends nothing to Salesforce', async () => {
        emulator.resetStats();
        const result = await nango(['dryrun', 'get-record', emulator.connectionId, '-e', 'dev', '--auto-confirm', '--input', JSON.stringify({ sObject: '../limits', recordId: '001D000000IqhSLIAZ' })]);
        expect(result.out).toContain('invalid_input');
        const salesforceCalls = emulator.stats().log.filter((entry) => entry.kind === 'salesforce');
        expect(salesforceCalls).toEqual([]);
    }, 120_000);

    it('deploy dev --auto-confirm succeeds and the emulator received every function', async () => {
        const result = await nango(['deploy', 'dev', '--auto-confirm']);
        expect(result.code, result.out).toBe(0);
        const deployed = emulator.deployed().map((f) => f.name).sort();
        expect(deployed).toEqual(registered().sort());
    }, 180_000);
});
