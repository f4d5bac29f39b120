import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, start, type Client } from './helpers.js';

const ROWS = 20_000;
const FIELDS = 'Id, FirstName, LastName, Name, Email, Phone, Title, Department, AccountId, Account.Name, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted';
const SOQL = `SELECT ${FIELDS} FROM Contact ORDER BY SystemModstamp, Id`;

let c: Client;
let seedMs = 0;
beforeAll(async () => {
    const t = performance.now();
    c = await start({ volume: { Contact: ROWS, Account: 500, default: 10 } });
    seedMs = performance.now() - t;
});
afterAll(async () => {
    await c.emu.stop();
});

describe(`speed at ${ROWS} rows`, () => {
    it('serves every REST page and every Bulk CSV page quickly', async () => {
        let t = performance.now();
        let res = await c.sf(q(SOQL));
        let pages = 1;
        let rows = res.body.records.length;
        while (!res.body.done) {
            res = await c.sf(res.body.nextRecordsUrl);
            pages++;
            rows += res.body.records.length;
        }
        const restMs = performance.now() - t;
        expect(pages).toBe(ROWS / 2000);
        expect(rows).toBe(ROWS);

        t = performance.now();
        const job = await c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: SOQL } });
        let state = '';
        while (state !== 'JobComplete') state = (await c.sf(`jobs/query/${job.body.id}`)).body.state;
        let locator = '';
        let csvRows = 0;
        let csvPages = 0;
        do {
            const page = await c.sf(`jobs/query/${job.body.id}/results?maxRecords=5000${locator ? `&locator=${locator}` : ''}`);
            csvRows += Number(page.headers.get('sforce-numberofrecords'));
            csvPages++;
            locator = page.headers.get('sforce-locator') ?? 'null';
        } while (locator !== 'null');
        const bulkMs = performance.now() - t;
        expect(csvRows).toBe(ROWS);
        expect(csvPages).toBe(ROWS / 5000);
        console.log(`[perf] ${ROWS} Contacts: seed ${seedMs.toFixed(0)} ms, ${pages} REST pages ${restMs.toFixed(0)} ms, Bulk ${csvPages} CSV pages ${bulkMs.toFixed(0)} ms`);
        // Generous bounds (shared CI machines); typical numbers are 5-10x lower.
        expect(restMs).toBeLessThan(6000);
        expect(bulkMs).toBeLessThan(6000);
    });
});
