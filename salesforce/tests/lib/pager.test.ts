import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { OUTPUT_BUDGET_BYTES, fitItems, jsonSize } from '../../lib/http/output.js';
import { pageOutput, parseQueryLocator, queryPages, type QueryPage } from '../../lib/http/pager.js';
import { fakeNango } from './fake-nango.js';

const LOC = '/services/data/v66.0/query/01gRO0000016PIAYA2';

function records(from: number, count: number, pad = 0) {
    return Array.from({ length: count }, (_, i) => ({ attributes: { type: 'Account' }, Id: `r${from + i}`, Blob: 'x'.repeat(pad) }));
}

describe('queryPages', () => {
    it('follows nextRecordsUrl until done, one request per page, with the batch size on every page', async () => {
        const nango = fakeNango(
            { data: { totalSize: 5, done: false, nextRecordsUrl: `${LOC}-2`, records: records(0, 2) } },
            { data: { totalSize: 5, done: false, nextRecordsUrl: `${LOC}-4`, records: records(2, 2) } },
            { data: { totalSize: 5, done: true, records: records(4, 1) } }
        );
        const seen: string[] = [];
        for await (const page of queryPages(nango, 'SELECT Id FROM Account', { batchSize: 200 })) {
            seen.push(...page.records.map((r) => String(r['Id'])));
        }
        expect(seen).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
        const calls = nango.proxy.mock.calls.map((c) => c[0]);
        expect(calls.map((c) => c['endpoint'])).toEqual(['/services/data/v66.0/query', `${LOC}-2`, `${LOC}-4`]);
        expect(calls[0]?.['params']).toEqual({ q: 'SELECT Id FROM Account' });
        expect(calls.every((c) => (c['headers'] as Record<string, string>)['Sforce-Query-Options'] === 'batchSize=200')).toBe(true);
    });

    it('uses queryAll when asked', async () => {
        const nango = fakeNango({ data: { totalSize: 0, done: true, records: [] } });
        for await (const page of queryPages(nango, 'SELECT Id FROM Account', { all: true })) {
            expect(page.records).toEqual([]);
        }
        expect(nango.proxy.mock.calls[0]?.[0]['endpoint']).toBe('/services/data/v66.0/queryAll');
        expect(nango.proxy.mock.calls[0]?.[0]['headers']).toBeUndefined();
    });

    it('refuses a nextRecordsUrl from Salesforce that is not a locator path', async () => {
        const nango = fakeNango({ data: { totalSize: 3, done: false, nextRecordsUrl: 'https://evil.example/x', records: records(0, 1) } });
        const pages = queryPages(nango, 'SELECT Id FROM Account');
        await pages.next();
        await expect(pages.next()).rejects.toThrow(InputError);
        expect(nango.proxy).toHaveBeenCalledTimes(1);
    });
});

describe('parseQueryLocator', () => {
    it('reads the locator and its row offset', () => {
        expect(parseQueryLocator(`${LOC}-2000`)).toEqual({ path: `${LOC}-2000`, locator: '01gRO0000016PIAYA2', offset: 2000 });
        expect(parseQueryLocator('/services/data/v59.0/query/0r8xx0000000001AAA')).toMatchObject({ offset: 0 });
    });
});

describe('pageOutput and the 2 MB guard', () => {
    it('passes a page that fits through unchanged', () => {
        const page: QueryPage = { totalSize: 2, done: true, records: records(0, 2) };
        expect(pageOutput(page)).toEqual({ totalSize: 2, done: true, records: page.records, nextRecordsUrl: null, truncated: false });
    });

    it('cuts an oversized first page and continues right after the last returned row', () => {
        const page: QueryPage = { totalSize: 5000, done: false, nextRecordsUrl: `${LOC}-2000`, records: records(0, 2000, 2000) };
        const out = pageOutput(page);
        expect(out.truncated).toBe(true);
        expect(out.done).toBe(false);
        expect(jsonSize(out)).toBeLessThanOrEqual(OUTPUT_BUDGET_BYTES);
        expect(out.records.length).toBeGreaterThan(900);
        expect(out.records.length).toBeLessThan(2000);
        expect(out.nextRecordsUrl).toBe(`${LOC}-${out.records.length}`);
    });

    it('continues a cut later page from the offset it was requested at', () => {
        const page: QueryPage = { totalSize: 3000, done: true, records: records(2000, 1000, 4000) };
        const out = pageOutput(page, parseQueryLocator(`${LOC}-2000`));
        expect(out.nextRecordsUrl).toBe(`${LOC}-${2000 + out.records.length}`);
        expect(out.done).toBe(false);
    });

    it('says it was cut even when no locator can continue it', () => {
        const page: QueryPage = { totalSize: 2000, done: true, records: records(0, 2000, 2000) };
        const out = pageOutput(page);
        expect(out).toMatchObject({ truncated: true, done: false, nextRecordsUrl: null });
    });

    it('fitItems keeps the longest prefix that fits beside the envelope', () => {
        const fitted = fitItems(['aaaa', 'bbbb', 'cccc'], { items: [] }, jsonSize({ items: [] }) + 14);
        expect(fitted).toEqual({ items: ['aaaa', 'bbbb'], complete: false });
        expect(fitItems([], {}, 10)).toEqual({ items: [], complete: true });
    });
});

describe('utf8Length', () => {
    it.each(['', 'ascii', 'ü', '日本語', '😀 emoji', 'mixed é 日 😀 a'])('matches Buffer.byteLength for %j', (text) => {
        expect(jsonSize(text)).toBe(Buffer.byteLength(JSON.stringify(text)));
    });
});
