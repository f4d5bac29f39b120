/**
 * Shared test helpers for the Nango-convention tests: a typed action mock bound to this folder's fixtures,
 * a runner, and assertions on the errors our functions throw.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

import type { SalesforceErrorPayload } from '../lib/http/errors.js';

export const testsDir = path.dirname(fileURLToPath(import.meta.url));

type ActionMock = InstanceType<typeof globalThis.vitest.NangoActionMock>;

/** A Nango action mock reading `salesforce/tests/<name>.test.json`. */
export function actionMock(name: string): ActionMock {
    return new globalThis.vitest.NangoActionMock({ dirname: testsDir, name, Model: `ActionOutput_salesforce_${name.replace(/-/g, '')}` });
}

interface RunnableAction {
    exec: (nango: never, input: never) => unknown;
}

/** Runs an action's real exec with a mock in place of Nango's runtime. */
export async function run(action: RunnableAction, nango: unknown, input: unknown): Promise<any> {
    return (action.exec as (n: unknown, i: unknown) => Promise<unknown>)(nango, input);
}

/** Awaits a promise that must fail with an ActionError of ours, and returns its payload. */
export async function actionErrorOf(promise: Promise<unknown>): Promise<SalesforceErrorPayload> {
    let caught: unknown;
    try {
        await promise;
    } catch (error) {
        caught = error;
    }
    expect(caught, 'expected the action to fail').toBeDefined();
    const payload = (caught as { payload?: SalesforceErrorPayload }).payload;
    expect(payload, `expected an ActionError, got ${String(caught)}`).toBeDefined();
    return payload as SalesforceErrorPayload;
}

/** Number of HTTP calls the action made through any of Nango's request methods. */
export function requestCount(nango: ActionMock): number {
    return [nango.proxy, nango.get, nango.post, nango.patch, nango.put, nango.delete].reduce((n, fn) => n + fn.mock.calls.length, 0);
}

/** The proxy configurations the action sent, in order. */
export function requests(nango: ActionMock): Array<Record<string, any>> {
    return nango.proxy.mock.calls.map((call) => call[0] as Record<string, any>);
}
