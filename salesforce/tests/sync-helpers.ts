/**
 * Shared helpers for the sync tests: a Nango sync mock bound to this folder's fixtures, a frozen clock (the SOQL a run
 * sends depends on the time it starts), and readers of what a run sent to Salesforce and handed to Nango.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, vi, type Mock } from 'vitest';

import { testsDir } from './helpers.js';

export type SyncMock = InstanceType<typeof globalThis.vitest.NangoSyncMock>;

/** The instant every sync test runs at; with metadata.lagSeconds 0 it is the run's upper bound. */
export const NOW = '2026-11-22T12:00:00.000Z';

/** A checkpoint before any run, as the engine defines it (written out here, not imported). */
export const EMPTY = {
    cursor_ts: '',
    cursor_id: '',
    initial_load_done: false,
    reconciled_at: '',
    bulk_job_id: '',
    bulk_locator: '',
    bulk_upper: '',
    bulk_refused: false,
    settings_hash: '',
    reread_active: false
};

/** The endpoint of an object's describe, which every run asks first. */
export function describePath(sObject: string): string {
    return `/services/data/v66.0/sobjects/${sObject}/describe`;
}

/** The endpoints of an object's getUpdated and getDeleted (the replication API). */
export function updatedPath(sObject: string): string {
    return `/services/data/v66.0/sobjects/${sObject}/updated/`;
}
export function deletedPath(sObject: string): string {
    return `/services/data/v66.0/sobjects/${sObject}/deleted/`;
}

/**
 * The getUpdated window of a run at NOW: from two minutes before Salesforce's clock to it, UTC with the seconds cut and
 * `+00:00`, as the replication API takes times (REST API Developer Guide, "sObject Get Updated"). latestDateCovered
 * depends on the end alone, so the engine keeps the window short (few ids listed).
 */
export const UPDATED_WINDOW = { start: '2026-11-22T11:58:00+00:00', end: '2026-11-22T12:00:00+00:00' };

type ProxyAnswer = { status: number; data: unknown; headers?: Record<string, string> };

/**
 * Changes, for one test, how the org answers `endpoint` (every other request still goes to the fixture): `reply` is
 * the answer, or makes it from the request and the fixture's own answer. The request is still recorded in
 * `nango.proxy.mock.calls`. Calls stack: a later one wraps the earlier.
 */
export function answer(nango: SyncMock, endpoint: string, reply: ProxyAnswer | ((config: Record<string, any>, fixtureAnswer: () => Promise<ProxyAnswer>) => Promise<ProxyAnswer>)): void {
    const previous = nango.proxy.getMockImplementation();
    if (!previous) throw new Error('the sync mock has no proxy implementation');
    nango.proxy.mockImplementation((async (config: Record<string, any>) => {
        const fallThrough = () => previous(config as never) as unknown as Promise<ProxyAnswer>;
        if (config['endpoint'] !== endpoint) return fallThrough();
        const out = typeof reply === 'function' ? await reply(config, fallThrough) : reply;
        return { headers: {}, ...out };
    }) as never);
}

/**
 * Gives the describe of `sObject` a `Date` header (an HTTP date, RFC 9110: whole seconds, GMT): Salesforce's clock, which
 * the run's upper bound and the getUpdated window follow where it is behind the runner's.
 */
export function salesforceClock(nango: SyncMock, sObject: string, date: string): void {
    answer(nango, describePath(sObject), async (_config, fixtureAnswer) => {
        const response = await fixtureAnswer();
        return { ...response, headers: { ...(response.headers ?? {}), date } };
    });
}

/** A record Nango holds that a sync run already deleted: Nango keeps it, marked with the time of the delete. */
export interface HeldDeleted {
    id: string;
    deletedAt: string;
}

/** What `listRecords` yields of a record: its id and Nango's `_nango_metadata` (deleted_at set on a deleted one). */
interface ListedRecord {
    id: string;
    _nango_metadata: { first_seen_at: string; last_modified_at: string; last_action: 'ADDED' | 'DELETED'; deleted_at: string | null; pruned_at: null; cursor: string };
}

/**
 * Makes `nango.listRecords(model)` yield these records, as Nango's records cache holds them: an id is a live record,
 * a `HeldDeleted` one Nango already marks deleted. Returns a mock called once the listing is exhausted, so a test can
 * tell what the run did after the listing (its `invocationCallOrder`).
 */
export function holds(nango: SyncMock, records: ReadonlyArray<string | HeldDeleted>): Mock<() => void> {
    const listed = vi.fn<() => void>();
    const listRecords = nango.listRecords as unknown as Mock<(model: string) => AsyncGenerator<ListedRecord>>;
    listRecords.mockImplementation(async function* () {
        for (const [i, record] of records.entries()) {
            const id = typeof record === 'string' ? record : record.id;
            const deletedAt = typeof record === 'string' ? null : record.deletedAt;
            yield {
                id,
                _nango_metadata: {
                    first_seen_at: '2026-11-01T00:00:00.000Z',
                    last_modified_at: deletedAt ?? '2026-11-21T12:00:00.000Z',
                    last_action: deletedAt ? 'DELETED' : 'ADDED',
                    deleted_at: deletedAt,
                    pruned_at: null,
                    cursor: `cursor-${i}`
                }
            };
        }
        listed();
    });
    return listed;
}

/**
 * Changes, for one test, how the org answers the describe of `sObject` (the fixture holds one describe per object):
 * `hide` leaves fields out of the fixture's describe, as field-level security does for a field the connected user
 * cannot read; `answer` replaces the response (e.g. 404 NOT_FOUND for an object the org lacks). The request is still
 * recorded in `nango.proxy.mock.calls`.
 */
export function changeDescribe(nango: SyncMock, sObject: string, change: { hide: readonly string[] } | { answer: { status: number; data: unknown } }): void {
    const fixtureAnswer = nango.proxy.getMockImplementation();
    if (!fixtureAnswer) throw new Error('the sync mock has no proxy implementation');
    nango.proxy.mockImplementation(async (config) => {
        if (config.endpoint !== describePath(sObject)) return fixtureAnswer(config);
        if ('answer' in change) return { ...change.answer, headers: {} } as Awaited<ReturnType<typeof fixtureAnswer>>;
        const response = await fixtureAnswer(config);
        const describe = response.data as { fields: Array<{ name: string }> };
        const hidden = new Set(change.hide.map((f) => f.toLowerCase()));
        const fields = describe.fields.filter((f) => !hidden.has(f.name.toLowerCase()));
        if (fields.length !== describe.fields.length - hidden.size) throw new Error(`the fixture's ${sObject} describe lacks one of ${change.hide.join(', ')}`);
        return { ...response, data: { ...describe, fields } };
    });
}

/** Freezes Date (only Date: promises and timers keep running) at NOW around every test of the file. */
export function useFrozenClock(): void {
    beforeEach(() => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date(NOW));
    });
    afterEach(() => {
        vi.useRealTimers();
    });
}

/** A Nango sync mock reading `salesforce/tests/<name>.test.json`. */
export function syncMock(name: string, model: string): SyncMock {
    return new globalThis.vitest.NangoSyncMock({ dirname: testsDir, name, Model: model });
}

interface RunnableSync {
    exec: (nango: never) => unknown;
}

/** Runs a sync's real exec with the mock in place of Nango's runtime. */
export async function runSync(sync: RunnableSync, nango: SyncMock): Promise<void> {
    await (sync.exec as (n: unknown) => Promise<unknown>)(nango);
}

export interface SentRequest {
    method: string;
    endpoint: string;
    /** The SOQL of a /query or /queryAll call; undefined for a locator page. */
    q: string | undefined;
    /** Every query parameter (e.g. start and end of getUpdated / getDeleted). */
    params: Record<string, string> | undefined;
    headers: Record<string, string> | undefined;
    /** The request body (e.g. a Bulk API job's definition). */
    data: unknown;
}

/** The requests the run sent through nango.proxy, in order. */
export function sent(nango: SyncMock): SentRequest[] {
    return nango.proxy.mock.calls.map((call) => {
        const config = call[0] as { method?: string; endpoint: string; params?: Record<string, string>; headers?: Record<string, string>; data?: unknown };
        return { method: config.method ?? 'GET', endpoint: config.endpoint, q: config.params?.['q'], params: config.params, headers: config.headers, data: config.data };
    });
}

/** Every record handed to batchSave for the model, in order, with the number of calls. */
export function saved(nango: SyncMock, model: string): any[] {
    return nango.batchSave.mock.calls.filter((call) => call[1] === model).flatMap((call) => call[0] as any[]);
}

/** Every record handed to batchDelete for the model, in order. */
export function deleted(nango: SyncMock, model: string): any[] {
    return nango.batchDelete.mock.calls.filter((call) => call[1] === model).flatMap((call) => call[0] as any[]);
}

/** The checkpoints saved, in order (including any the test itself saved first). */
export function checkpoints(nango: SyncMock): any[] {
    return nango.saveCheckpoint.mock.calls.map((call) => call[0]);
}

/** The messages passed to nango.log. */
export function logged(nango: SyncMock): string[] {
    return nango.log.mock.calls.map((call) => String(call[0]));
}

/** Awaits a run that must fail and returns its error. */
export async function failureOf(run: Promise<unknown>): Promise<Error & { payload?: Record<string, any> }> {
    try {
        await run;
    } catch (error) {
        return error as Error & { payload?: Record<string, any> };
    }
    throw new Error('expected the sync run to fail');
}

/** The whole fixture of a sync test, for expectations kept beside the mocks (e.g. a second run's saves). */
export function fixture(name: string): any {
    return JSON.parse(readFileSync(path.join(testsDir, `${name}.test.json`), 'utf8'));
}

/** The messages logged with level warn. */
export function warnings(nango: SyncMock): string[] {
    return nango.log.mock.calls.filter((call) => (call[1] as { level?: string } | undefined)?.level === 'warn').map((call) => String(call[0]));
}
