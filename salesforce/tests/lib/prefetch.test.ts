/**
 * Pipelined paging (issue 18): queryPages fetching the next page while the caller works on this one, and keysetPass
 * using it — at most one page ahead, never a page the caller will not ask for, errors handed over only when the
 * caller asks for the page, and no request left running (or unhandled rejection) when the caller stops early.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { queryPages, type QueryPage } from '../../lib/http/pager.js';
import { keysetPass } from '../../lib/sync/keyset.js';
import type { SyncRuntime } from '../../lib/sync/runtime.js';
import { fakeNango, httpError, type FakeNango } from './fake-nango.js';

const LOC = '/services/data/v66.0/query/01gRO0000016PIAYA2';

function records(from: number, count: number) {
    return Array.from({ length: count }, (_, i) => ({ attributes: { type: 'Contact' }, Id: `003${String(from + i).padStart(15, '0')}`, SystemModstamp: `2026-11-20T08:00:0${from + i}.000+0000` }));
}

const page = (from: number, count: number, next?: string, headers?: Record<string, string>) => ({
    data: { totalSize: 9, done: next === undefined, ...(next ? { nextRecordsUrl: next } : {}), records: records(from, count) },
    ...(headers ? { headers } : {})
});

/** Which proxy calls had been made when each step happened. */
function timeline(nango: FakeNango) {
    const events: string[] = [];
    const proxy = nango.proxy.getMockImplementation();
    nango.proxy.mockImplementation(async (config) => {
        events.push(`fetch ${String(config['endpoint']).replace(LOC, 'LOC')}`);
        return proxy?.(config);
    });
    return events;
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
});

describe('queryPages with prefetch', () => {
    it('requests page n + 1 before handing over page n, and only when asked', async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`), page(3, 3, `${LOC}-6`), page(6, 3));
        const events = timeline(nango);
        const asked: number[] = [];
        for await (const p of queryPages(nango, 'SELECT Id FROM Contact', { prefetch: (p) => (asked.push(p.records.length), true) })) {
            events.push(`work ${String(p.records[0]?.['Id']).slice(-1)}`);
        }
        expect(events).toEqual(['fetch /services/data/v66.0/query', 'fetch LOC-3', 'work 0', 'fetch LOC-6', 'work 3', 'work 6']);
        // asked for the two pages that have a next one; the last page has none to fetch
        expect(asked).toEqual([3, 3]);
    });

    it('without prefetch, or when it says no, each page is requested only when the caller asks for it', async () => {
        for (const options of [{}, { prefetch: () => false }]) {
            const nango = fakeNango(page(0, 3, `${LOC}-3`), page(3, 3));
            const events = timeline(nango);
            for await (const p of queryPages(nango, 'SELECT Id FROM Contact', options)) events.push(`work ${p.records.length}`);
            expect(events).toEqual(['fetch /services/data/v66.0/query', 'work 3', 'fetch LOC-3', 'work 3']);
        }
    });

    it("hands over the prefetched page's error only when the caller asks for that page", async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`), { throws: httpError(400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]) });
        const seen: number[] = [];
        const pages = queryPages(nango, 'SELECT Id FROM Contact', { prefetch: () => true });
        const first = await pages.next();
        seen.push((first.value as QueryPage).records.length);
        // the failed request has already come back; the caller still holds page 1 and nothing has been thrown
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(nango.proxy).toHaveBeenCalledTimes(2);
        await expect(pages.next()).rejects.toMatchObject({ payload: { errorCode: 'INVALID_QUERY_LOCATOR' } });
        expect(seen).toEqual([3]);
        expect(unhandled).toEqual([]);
    });

    it('a caller that stops early waits for the page in flight, never sees its error, and leaves no unhandled rejection', async () => {
        let release: () => void = () => undefined;
        const nango = fakeNango(page(0, 3, `${LOC}-3`));
        const first = nango.proxy.getMockImplementation();
        let settled = false;
        nango.proxy.mockImplementation(async (config) => {
            if (config['endpoint'] !== `${LOC}-3`) return first?.(config);
            await new Promise<void>((resolve) => (release = resolve));
            settled = true;
            throw httpError(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'dropped' }]);
        });
        const stop = (async () => {
            for await (const _ of queryPages(nango, 'SELECT Id FROM Contact', { prefetch: () => true })) {
                throw new Error('save failed');
            }
        })();
        await new Promise((resolve) => setTimeout(resolve, 10));
        // the loop is still waiting for the request in flight
        expect(settled).toBe(false);
        release();
        await expect(stop).rejects.toThrow('save failed');
        expect(settled).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(unhandled).toEqual([]);
    });
});

describe('keysetPass pipelining', () => {
    const base = { sObject: 'Contact', select: ['Id'], cursor: null, upper: '2026-11-22T12:00:00.000Z', includeDeleted: false };
    const runtime = (nango: FakeNango) => nango as unknown as SyncRuntime;

    it('fetches page n + 1 while page n is saved; the cursor moves only after the save', async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`), page(3, 3));
        const events = timeline(nango);
        const cursors: string[] = [];
        const result = await keysetPass(runtime(nango), {
            ...base,
            onPage: async (recs, cursor) => {
                events.push(`save ${recs.length}`);
                cursors.push(cursor.id);
            }
        });
        expect(events).toEqual(['fetch /services/data/v66.0/query', 'fetch LOC-3', 'save 3', 'save 3']);
        expect(cursors).toEqual([records(2, 1)[0]?.Id, records(5, 1)[0]?.Id]);
        expect(result).toMatchObject({ records: 6, pages: 2, stopped: false });
    });

    it("does not fetch ahead when the page's API usage stops the pass after it", async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`, { 'sforce-limit-info': 'api-usage=90/100' }), page(3, 3));
        let usage = 0;
        const result = await keysetPass(runtime(nango), {
            ...base,
            observe: (u) => (usage = u?.used ?? usage),
            shouldStop: () => usage >= 80,
            onPage: async () => undefined
        });
        expect(result).toMatchObject({ records: 3, pages: 1, stopped: true });
        expect(nango.proxy).toHaveBeenCalledTimes(1);
    });

    it('does not fetch ahead of a page whose children are still cut', async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`), page(3, 3));
        const events = timeline(nango);
        await keysetPass(runtime(nango), { ...base, prefetch: () => false, onPage: async (recs) => void events.push(`save ${recs.length}`) });
        expect(events).toEqual(['fetch /services/data/v66.0/query', 'save 3', 'fetch LOC-3', 'save 3']);
    });

    it('an expired locator on the prefetched page restarts the query from the cursor of the page just saved', async () => {
        const nango = fakeNango(page(0, 3, `${LOC}-3`), { throws: httpError(400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]) }, page(3, 3));
        const saved: string[] = [];
        const result = await keysetPass(runtime(nango), { ...base, onPage: async (recs) => void saved.push(...recs.map((r) => String(r['Id']))) });
        expect(saved).toEqual(records(0, 6).map((r) => r.Id));
        expect(result).toMatchObject({ records: 6, stopped: false });
        // the restart's WHERE starts after the last record of the saved page
        const restart = nango.proxy.mock.calls[2]?.[0]['params']['q'] as string;
        expect(restart).toContain(`Id > '${records(2, 1)[0]?.Id}'`);
        expect(vi.mocked(nango.log)).toHaveBeenCalledWith(expect.stringContaining('expired'), { level: 'warn' });
    });
});
