/**
 * Runs a function from `build/` (the bundles `npm run build` / `nango compile` produce) through the emulator's bundle
 * runner (emulator/src/runner.ts: a `vm` sandbox with the CLI's own `NangoActionCLI`/`NangoSyncCLI` runtime, talking
 * to a Nango host over real HTTP), with its definition from `.nango/nango.json`. Doing it in-process costs
 * milliseconds instead of the CLI's seconds per run; the CLI itself is exercised by the smoke tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as url from 'node:url';

import { runBundle, runBundleWebhook, type RunOptions, type RunResult, type ScriptInfo } from '../../emulator/src/runner.js';

export { loadNango, RecordCache, type HttpCall, type RecordMetadata, type RunOptions, type RunResult } from '../../emulator/src/runner.js';

export const projectRoot = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..', '..');

function scriptInfo(name: string): ScriptInfo {
    const file = path.join(projectRoot, '.nango', 'nango.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ actions: ScriptInfo[]; syncs: ScriptInfo[] }>;
    for (const integration of config) {
        const found = [...integration.actions, ...integration.syncs].find((s) => s.name === name);
        if (found) return found;
    }
    throw new Error(`${name} is not in .nango/nango.json: run npm run build`);
}

/** A function's definition and the code of its bundle in build/. */
function built(name: string): { info: ScriptInfo; bundle: string } {
    // set by tests/global-setup.ts when the bundles could not be built: the ones in build/ would be stale
    const buildError = process.env['SALESFORCE_BUILD_ERROR'];
    if (buildError) throw new Error(`the function bundles could not be built, so ${name} cannot run: ${buildError}`);
    const info = scriptInfo(name);
    const kind = info.type === 'sync' ? 'syncs' : 'actions';
    return { info, bundle: fs.readFileSync(path.join(projectRoot, 'build', `salesforce_${kind}_${name}.cjs`), 'utf8') };
}

export async function runFunction(name: string, options: RunOptions): Promise<RunResult> {
    const { info, bundle } = built(name);
    return runBundle(info, bundle, options);
}

/** The syncs whose webhookSubscriptions (in .nango/nango.json) take an event type, as Nango matches them ('*': every one). */
export function syncsSubscribedTo(eventType: string): string[] {
    const file = path.join(projectRoot, '.nango', 'nango.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ syncs: Array<ScriptInfo & { webhookSubscriptions?: string[] }> }>;
    return config.flatMap((integration) => integration.syncs.filter((s) => (s.webhookSubscriptions ?? []).some((t) => t === '*' || t === eventType)).map((s) => s.name));
}

/**
 * Runs a sync bundle's onWebhook with a webhook body, in the same sandbox and CLI runtime as runFunction (Nango's CLI
 * has no dry run for webhooks). With `cache`, getRecordsByIds answers from it and saves and deletes land in it; without
 * one, getRecordsByIds finds nothing. `output` is what onWebhook returned.
 */
export async function runWebhook(syncName: string, payload: unknown, options: RunOptions): Promise<RunResult> {
    const { info, bundle } = built(syncName);
    return runBundleWebhook(info, bundle, payload, options);
}
