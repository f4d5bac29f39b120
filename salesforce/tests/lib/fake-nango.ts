/** A minimal stand-in for Nango's runtime for lib tests: `proxy` answers from a script and records each call. */
import { vi, type Mock } from 'vitest';

import type { NangoClient } from '../../lib/http/api.js';

import { testsDir } from '../helpers.js';

/** Nango's own ActionError class, taken from its test mock (the runtime hands functions the same class). */
const { ActionError } = new globalThis.vitest.NangoActionMock({ dirname: testsDir, name: 'lib', Model: 'none' });

export type Answer = { status?: number; data?: unknown; headers?: Record<string, string> } | { throws: unknown };

export type FakeNango = NangoClient & { proxy: NangoClient['proxy'] & Mock<(config: Record<string, any>) => Promise<unknown>> };

export function fakeNango(...answers: Answer[]): FakeNango {
    const queue = [...answers];
    const proxy = vi.fn(async (_config: Record<string, any>) => {
        const next = queue.shift();
        if (!next) {
            throw new Error('fakeNango: no answer left');
        }
        if ('throws' in next) {
            throw next.throws;
        }
        return { status: next.status ?? 200, data: next.data, headers: next.headers ?? {} };
    });
    return { proxy, ActionError, log: vi.fn(async () => undefined) } as unknown as FakeNango;
}

/** An error shaped like the one Nango's runtime throws for a non-2xx answer (axios). */
export function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
    return Object.assign(new Error(`Request failed with status code ${status}`), { isAxiosError: true, response: { status, data, headers } });
}
