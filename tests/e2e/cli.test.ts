/**
 * Smoke tests of `nango dryrun` through the real `nango` CLI against the emulator. dryrun compiles its package
 * before it runs, so it runs in a copy whose index.ts registers only the two functions tried here: the compile is
 * the CLI's own (type-check, bundle, definitions), on two functions instead of all of them. The deploy of every
 * function is in cli-deploy.test.ts, so that vitest runs both files at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { copyPackage, type Workspace } from './cli-workspace.js';

let emulator: EmulatorHandle;
let workspace: Workspace;

beforeAll(async () => {
    workspace = copyPackage(['query-records', 'get-record']);
    emulator = await startEmulator({ seed: 3, volume: 10, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
    workspace?.remove();
});

// each dryrun took 3.7 s alone and 5–12 s while the rest of the suite ran on the same 2 cores
const CLI_TIMEOUT = 90_000;

describe('nango dryrun against the emulator', () => {
    it('dryrun --validate of query-records prints the page the emulator returned', async () => {
        const soql = 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 3';
        const result = await workspace.nango(['dryrun', 'query-records', emulator.connectionId, '-e', 'dev', '--validate', '--auto-confirm', '--no-interactive', '--input', JSON.stringify({ query: soql })], emulator.url);
        expect(result.code, result.out).toBe(0);
        const names = (emulator.org.list('Account') as Array<Record<string, any>>).map((a) => String(a['Name'])).sort();
        expect(result.out).toContain(`"Name": ${JSON.stringify(names[0])}`);
        expect(result.out).toContain('"totalSize": 3');
        expect(emulator.stats().byEndpoint).toBeDefined();
    }, CLI_TIMEOUT);

    it('dryrun of a refused input reports invalid_input and sends nothing to Salesforce', async () => {
        emulator.resetStats();
        const result = await workspace.nango(['dryrun', 'get-record', emulator.connectionId, '-e', 'dev', '--auto-confirm', '--no-interactive', '--input', JSON.stringify({ sObject: '../limits', recordId: '001D000000IqhSLIAZ' })], emulator.url);
        expect(result.out).toContain('invalid_input');
        const salesforceCalls = emulator.stats().log.filter((entry) => entry.kind === 'salesforce');
        expect(salesforceCalls).toEqual([]);
    }, CLI_TIMEOUT);
});
