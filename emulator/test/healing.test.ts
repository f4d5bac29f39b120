/**
 * Issue 12, "syncs that heal themselves": what the emulator does so a sync can meet (and recover from) Salesforce's
 * awkward corners — transactions that commit late, the server's clock, the replication resources, Bulk jobs that fail,
 * expire or vanish, archived activities, and QUERY_TIMEOUT on large windows. Everything through real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, qa, start, type Client } from './helpers.js';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-10T12:00:30Z');

let now = T0;
let c: Client;
beforeAll(async () => {
    c = await start({ clock: () => now, archivedTasks: 3, volume: { Contact: 40, Task: 30, default: 25 } });
});
afterAll(async () => {
    await c.emu.stop();
});

const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');
const window = (kind: 'updated' | 'deleted', type: string, from: number, to: number): string =>
    `sobjects/${type}/${kind}/?start=${encodeURIComponent(iso(from))}&end=${encodeURIComponent(iso(to))}`;
const sfDate = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
const floorMin = (ms: number): number => Math.floor(ms / MIN) * MIN;

async function createJob(query: string, operation = 'query'): Promise<{ status: number; body: any }> {
    return c.sf('jobs/query', { method: 'POST', json: { operation, query } });
}

describe('server time: a Date header from the emulator clock on every Salesforce response', () => {
    it('on success, on errors and on the versions list, moving with the clock', async () => {
        now = T0;
        const ok = await c.sf(q('SELECT Id FROM Account LIMIT 1'));
        expect(ok.headers.get('date')).toBe('Tue, 10 Mar 2026 12:00:30 GMT');
        const unauthorized = await c.sf('limits', { headers: { Authorization: 'Bearer wrong' } });
        expect(unauthorized.status).toBe(401);
        expect(unauthorized.headers.get('date')).toBe(new Date(T0).toUTCString());
        now = T0 + 90_000;
        expect((await c.sf('/services/data')).headers.get('date')).toBe('Tue, 10 Mar 2026 12:02:00 GMT');
        now = T0;
    });
});

describe('sObject Get Updated / Get Deleted', () => {
    it('updated: ids whose SystemModstamp falls in [start, end), both rounded down to the minute; latestDateCovered is the rounded end', async () => {
        now = T0;
        const [a, b, d] = c.emu.org.list('Account').slice(0, 3).map((r) => r['Id'] as string) as [string, string, string];
        c.emu.org.setSystemModstamp(a, '2026-03-10T10:00:10Z');
        c.emu.org.setSystemModstamp(b, '2026-03-10T10:04:50Z');
        c.emu.org.setSystemModstamp(d, '2026-03-10T10:05:20Z');
        // start 10:00:59 → 10:00 (a is in), end 10:05:59 → 10:05 (d at 10:05:20 is out).
        const res = await c.sf(window('updated', 'Account', Date.parse('2026-03-10T10:00:59Z'), Date.parse('2026-03-10T10:05:59Z')));
        expect(res.status).toBe(200);
        expect(Object.keys(res.body)).toEqual(['ids', 'latestDateCovered']);
        expect(res.body.ids).toEqual(expect.arrayContaining([a, b]));
        expect(res.body.ids).not.toContain(d);
        expect(res.body.latestDateCovered).toBe('2026-03-10T10:05:00.000+0000');
        expect(c.emu.stats().byEndpoint['GET /sobjects/Account/updated']).toBeGreaterThanOrEqual(1);
        // An end in the future is accepted; latestDateCovered stops at the current minute.
        const future = await c.sf(window('updated', 'Account', T0 - DAY, T0 + 3_600_000));
        expect(future.status).toBe(200);
        expect(future.body.latestDateCovered).toBe(sfDate(floorMin(T0)));
        expect(future.body.ids).toEqual(expect.arrayContaining([a, b, d]));
    });

    it('window rules: start must precede end after rounding, 30 days back for updated and 15 for deleted, URL-encoded ISO 8601', async () => {
        now = T0;
        const refused = async (path: string): Promise<{ errorCode: string; message: string }> => {
            const res = await c.sf(path);
            expect(res.status).toBe(400);
            return res.body[0];
        };
        expect((await refused(window('updated', 'Account', T0 - DAY, T0 - DAY))).errorCode).toBe('INVALID_REPLICATION_DATE');
        expect((await refused(window('updated', 'Account', T0, T0 - MIN))).errorCode).toBe('INVALID_REPLICATION_DATE');
        // 12:00:05 and 12:00:55 are the same minute: an empty window.
        expect((await refused(window('deleted', 'Account', Date.parse('2026-03-10T11:00:05Z'), Date.parse('2026-03-10T11:00:55Z')))).errorCode).toBe('INVALID_REPLICATION_DATE');
        expect(await refused(window('updated', 'Account', T0 - 31 * DAY, T0))).toEqual({ errorCode: 'INVALID_REPLICATION_DATE', message: 'startDate before org replication enabled date' });
        expect((await c.sf(window('updated', 'Account', T0 - 29 * DAY, T0))).status).toBe(200);
        expect((await refused(window('deleted', 'Account', T0 - 16 * DAY, T0))).errorCode).toBe('INVALID_REPLICATION_DATE');
        expect((await c.sf(window('deleted', 'Account', T0 - 14 * DAY, T0))).status).toBe(200);
        // '+' not encoded arrives as a space: no dateTime.
        expect((await refused(`sobjects/Account/updated/?start=${iso(T0 - DAY)}&end=${encodeURIComponent(iso(T0))}`)).errorCode).toBe('INVALID_REPLICATION_DATE');
        // 'Z' is ISO 8601 too.
        expect((await c.sf(`sobjects/Account/updated/?start=2026-03-09T00:00:00Z&end=2026-03-10T00:00:00Z`)).status).toBe(200);
        expect((await refused(`sobjects/Account/updated/?end=${encodeURIComponent(iso(T0))}`)).errorCode).toBe('MISSING_ARGUMENT');
        expect(await refused(window('updated', 'LeadStatus', T0 - DAY, T0))).toEqual({ errorCode: 'INVALID_TYPE', message: 'sObject type LeadStatus is not replicable' });
        expect((await c.sf(window('updated', 'Account', T0 - DAY, T0), { method: 'POST', json: {} })).status).toBe(405);
    });

    it('EXCEEDED_ID_LIMIT when a window holds more ids than the limit', async () => {
        now = T0;
        c.emu.replication.setIdLimit(5);
        try {
            const res = await c.sf(window('updated', 'Contact', T0 - 29 * DAY, T0));
            const count = c.emu.org.list('Contact').filter((r) => (r['SystemModstamp'] as number) >= floorMin(T0 - 29 * DAY) && (r['SystemModstamp'] as number) < floorMin(T0)).length;
            expect(count).toBeGreaterThan(5);
            expect(res.status).toBe(400);
            expect(res.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
        } finally {
            c.emu.replication.setIdLimit(600_000);
        }
        expect((await c.sf(window('updated', 'Contact', T0 - 29 * DAY, T0))).status).toBe(200);
    });

    it('deleted: deletedRecords with deletedDate; a delete-log purge, a Recycle Bin purge and a hard delete move earliestDateAvailable', async () => {
        now = T0;
        const [x, y, z] = c.emu.org.list('Lead').slice(0, 3).map((r) => r['Id'] as string) as [string, string, string];
        c.emu.org.delete('Lead', x, { at: '2026-03-05T08:00:10Z' });
        now = Date.parse('2026-03-08T09:30:40Z');
        expect((await c.sf(`sobjects/Lead/${y}`, { method: 'DELETE' })).status).toBe(204);
        now = T0;
        const from = T0 - 14 * DAY;
        const first = await c.sf(window('deleted', 'Lead', from, T0));
        expect(Object.keys(first.body)).toEqual(['deletedRecords', 'earliestDateAvailable', 'latestDateCovered']);
        expect(first.body.deletedRecords).toEqual(expect.arrayContaining([
            { id: x, deletedDate: '2026-03-05T08:00:10.000+0000' },
            { id: y, deletedDate: '2026-03-08T09:30:40.000+0000' }
        ]));
        expect(first.body.latestDateCovered).toBe(sfDate(floorMin(T0)));
        // The log the org starts with reaches 15 days back.
        expect(Date.parse(first.body.earliestDateAvailable)).toBeLessThanOrEqual(from);
        // Updated doesn't list deleted records.
        expect((await c.sf(window('updated', 'Lead', from, T0))).body.ids).not.toContain(y);

        // The delete log loses its entries before 2026-03-06: x is gone from the answer, which says so.
        c.emu.org.purgeDeleteLog('2026-03-06T00:00:00Z', 'Lead');
        const purged = await c.sf(window('deleted', 'Lead', from, T0));
        expect(purged.body.earliestDateAvailable).toBe('2026-03-06T00:00:00.000+0000');
        expect(purged.body.deletedRecords.map((r: { id: string }) => r.id)).toEqual([y]);
        expect(Date.parse(purged.body.earliestDateAvailable)).toBeGreaterThan(from);
        // Still in the Recycle Bin: queryAll sees it.
        expect((await c.sf(qa(`SELECT Id FROM Lead WHERE Id = '${x}' AND IsDeleted = true`))).body.totalSize).toBe(1);
        // Other objects keep their log.
        expect(Date.parse((await c.sf(window('deleted', 'Account', from, T0))).body.earliestDateAvailable)).toBeLessThanOrEqual(from);

        // Emptying the Recycle Bin: entries up to the newest purged delete are gone.
        c.emu.org.emptyRecycleBin('Lead');
        expect((await c.sf(window('deleted', 'Lead', from, T0))).body).toMatchObject({ deletedRecords: [], earliestDateAvailable: '2026-03-08T09:30:00.000+0000' });
        // A hard delete now: Get Deleted can't vouch for anything before now.
        c.emu.org.hardDelete(z);
        expect((await c.sf(window('deleted', 'Lead', from, T0))).body.earliestDateAvailable).toBe(sfDate(floorMin(T0)));

        // The strict reading of the guide: a start before earliestDateAvailable fails.
        c.emu.replication.setPurgedStartFails(true);
        try {
            const strict = await c.sf(window('deleted', 'Lead', from, T0));
            expect(strict.status).toBe(400);
            expect(strict.body[0].errorCode).toBe('INVALID_REPLICATION_DATE');
        } finally {
            c.emu.replication.setPurgedStartFails(false);
        }
    });
});

describe('transactions that commit late', () => {
    it('lateCommit: new records stamped at T appear (to SOQL, GET, Bulk, /updated) only at T + d, with SystemModstamp T', async () => {
        now = T0;
        const stampedAt = T0 - 2 * MIN; // 11:58:30
        const { ids, transaction } = c.emu.org.lateCommit({ type: 'Contact', records: [{ LastName: 'Late', FirstName: 'Lou' }], stampedAt, visibleAfterMs: 10 * MIN });
        const id = ids[0] as string;
        expect(transaction.open).toBe(true);
        expect((await c.sf(q(`SELECT Id FROM Contact WHERE Id = '${id}'`))).body.totalSize).toBe(0);
        expect((await c.sf(`sobjects/Contact/${id}`)).status).toBe(404);
        // /updated: not listed, and latestDateCovered stops before the transaction's start.
        const open = await c.sf(window('updated', 'Contact', T0 - DAY, T0 + 5 * MIN));
        expect(open.body.ids).not.toContain(id);
        expect(open.body.latestDateCovered).toBe('2026-03-10T11:58:00.000+0000');
        // Another object's window too: the transaction is on the instance.
        expect((await c.sf(window('updated', 'Account', T0 - DAY, T0))).body.latestDateCovered).toBe('2026-03-10T11:58:00.000+0000');
        const early = await createJob(`SELECT Id FROM Contact WHERE Id = '${id}'`);
        expect((await c.sf(`jobs/query/${early.body.id}`)).body.state).toBe('InProgress');
        expect((await c.sf(`jobs/query/${early.body.id}`)).body).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 0 });

        // A sync that read up to now keeps its high-water mark at 12:00:30 …
        now = T0 + 10 * MIN; // 12:10:30: committed (stampedAt + 10 min = 12:08:30)
        const after = await c.sf(q(`SELECT Id, SystemModstamp FROM Contact WHERE Id = '${id}'`));
        expect(after.body.records).toEqual([expect.objectContaining({ Id: id, SystemModstamp: '2026-03-10T11:58:30.000+0000' })]);
        expect(transaction.open).toBe(false);
        // … and never sees the record through SystemModstamp > hwm: the reason to re-read a window before it.
        expect((await c.sf(q(`SELECT Id FROM Contact WHERE SystemModstamp > ${new Date(T0).toISOString()}`))).body.records.map((r: { Id: string }) => r.Id)).not.toContain(id);
        expect((await c.sf(`sobjects/Contact/${id}`)).status).toBe(200);
        const healed = await c.sf(window('updated', 'Contact', floorMin(stampedAt), now));
        expect(healed.body.ids).toContain(id);
        expect(healed.body.latestDateCovered).toBe('2026-03-10T12:10:00.000+0000');
        const late = await createJob(`SELECT Id, LastName FROM Contact WHERE Id = '${id}'`);
        await c.sf(`jobs/query/${late.body.id}`);
        await c.sf(`jobs/query/${late.body.id}`);
        expect((await c.sf(`jobs/query/${late.body.id}/results`)).text).toBe(`"Id","LastName"\n"${id}","Late"\n`);
        now = T0;
    });

    it('an update in a long transaction: readers see the old row, writers get UNABLE_TO_LOCK_ROW, the commit carries the DML time', async () => {
        now = T0;
        const acct = c.emu.org.list('Account')[5] as Record<string, unknown>;
        const id = acct['Id'] as string;
        const oldName = acct['Name'];
        const tx = c.emu.org.beginLongTransaction({ at: T0 - 90_000 }); // 11:59:00
        tx.update(id, { Name: 'Renamed in batch' });
        expect(tx.ids).toEqual([id]);
        expect((await c.sf(`sobjects/Account/${id}`)).body.Name).toBe(oldName);
        const locked = await c.sf(`sobjects/Account/${id}`, { method: 'PATCH', json: { Name: 'Someone else' } });
        expect(locked.status).toBe(400);
        expect(locked.body[0]).toMatchObject({ errorCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${id}` });
        expect((await c.sf(`sobjects/Account/${id}`, { method: 'DELETE' })).body[0].errorCode).toBe('UNABLE_TO_LOCK_ROW');
        expect((await c.sf(window('updated', 'Account', T0 - DAY, T0))).body.latestDateCovered).toBe('2026-03-10T11:59:00.000+0000');
        now = T0 + 20 * MIN;
        // Still open: only commit() ends a transaction begun by hand.
        expect((await c.sf(`sobjects/Account/${id}`)).body.Name).toBe(oldName);
        c.emu.org.commitLongTransaction(tx);
        const row = (await c.sf(q(`SELECT Name, SystemModstamp, LastModifiedDate FROM Account WHERE Id = '${id}'`))).body.records[0];
        // Stamped when the DML ran (12:00:30), not at the commit (12:20:30).
        expect(row).toMatchObject({ Name: 'Renamed in batch', SystemModstamp: sfDate(T0), LastModifiedDate: sfDate(T0) });
        expect((await c.sf(q(`SELECT Id FROM Account WHERE SystemModstamp > ${new Date(T0 + MIN).toISOString()} AND Id = '${id}'`))).body.totalSize).toBe(0);
        expect((await c.sf(`sobjects/Account/${id}`, { method: 'PATCH', json: { Name: 'Free again' } })).status).toBe(204);
        expect((await c.sf(window('updated', 'Account', T0 - DAY, now))).body.latestDateCovered).toBe(sfDate(floorMin(now)));
        now = T0;
    });

    it('DML stamps: per write `at`, a rollback leaves nothing and frees the rows', async () => {
        now = T0;
        const tx = c.emu.org.beginLongTransaction({ at: T0 - 10 * MIN });
        const created = tx.insert('Case', { Subject: 'From the batch' }, { at: T0 - 9 * MIN });
        const victim = c.emu.org.list('Case')[0]?.['Id'] as string;
        tx.delete(victim, { at: T0 - 8 * MIN });
        expect(c.emu.org.openLongTransactions()).toContain(tx);
        tx.rollback();
        expect(tx.open).toBe(false);
        expect(c.emu.org.openLongTransactions()).not.toContain(tx);
        expect((await c.sf(`sobjects/Case/${created}`)).status).toBe(404);
        expect((await c.sf(`sobjects/Case/${victim}`)).status).toBe(200);
        expect(() => tx.commit()).toThrow(/already committed or rolled back/);

        const tx2 = c.emu.org.beginLongTransaction({ at: T0 - 10 * MIN });
        const made = tx2.insert('Case', { Subject: 'Committed' }, { at: T0 - 9 * MIN });
        tx2.delete(victim, { at: T0 - 8 * MIN });
        tx2.commit();
        expect((await c.sf(q(`SELECT SystemModstamp, CreatedDate FROM Case WHERE Id = '${made}'`))).body.records[0]).toMatchObject({ SystemModstamp: sfDate(T0 - 9 * MIN), CreatedDate: sfDate(T0 - 9 * MIN) });
        const deleted = await c.sf(window('deleted', 'Case', T0 - DAY, T0));
        expect(deleted.body.deletedRecords).toContainEqual({ id: victim, deletedDate: sfDate(T0 - 8 * MIN) });
        expect(() => c.emu.org.lateCommit({ type: 'Case', ids: [c.emu.org.list('Account')[0]?.['Id'] as string], visibleAfterMs: 1 })).toThrow(/is not a Case id/);
        expect(c.emu.org.openLongTransactions()).toHaveLength(0);
    });
});

describe('Bulk API 2.0: refused, failed, aborted, vanished and expired jobs', () => {
    it('refused at creation (400) for compound fields, parent-to-child subqueries, base64 fields and objects Bulk does not serve', async () => {
        now = T0;
        for (const [soql, message] of [
            ['SELECT Id, BillingAddress FROM Account', 'Selecting compound data not supported in Bulk Query'],
            ['SELECT Id, Account.ShippingAddress FROM Contact', 'Selecting compound data not supported in Bulk Query'],
            ['SELECT Id, (SELECT Id FROM Contacts) FROM Account', 'Aggregate Relationships not supported in Bulk V2 Query with CSV content type'],
            ['SELECT Id, Name, Body FROM Attachment', 'Blob field not supported in Bulk V2 Query with CSV content type']
        ] as const) {
            const res = await createJob(soql);
            expect(res.status, soql).toBe(400);
            expect(res.body).toEqual([{ message, errorCode: 'API_ERROR' }]);
        }
        // The components are fine.
        expect((await createJob('SELECT Id, BillingStreet, BillingCity FROM Account')).status).toBe(200);
        expect((await createJob('SELECT Id, Name, BodyLength FROM Attachment')).status).toBe(200);
        c.emu.bulk.setUnsupportedObjects(['lead']);
        try {
            expect((await createJob('SELECT Id FROM Lead')).body).toEqual([{ message: "Entity 'Lead' is not supported by the Bulk API.", errorCode: 'INVALIDENTITY' }]);
        } finally {
            c.emu.bulk.setUnsupportedObjects([]);
        }
        expect((await createJob('SELECT Id FROM Lead')).status).toBe(200);
    });

    it('an injected fault ends the next job Failed (errorMessage) or Aborted after N polls', async () => {
        now = T0;
        c.emu.bulk.injectJobFault({ outcome: 'Failed', afterPolls: 1 });
        const job = await createJob('SELECT Id FROM Contact');
        expect((await c.sf(`jobs/query/${job.body.id}`)).body.state).toBe('InProgress');
        const failed = (await c.sf(`jobs/query/${job.body.id}`)).body;
        expect(failed).toMatchObject({ state: 'Failed', errorMessage: expect.stringMatching(/^Unexpected exception encountered in query processing/) });
        expect((await c.sf(`jobs/query/${job.body.id}`)).body.state).toBe('Failed');
        expect((await c.sf(`jobs/query/${job.body.id}/results`)).status).toBe(412);
        // Only the next job: the one after runs normally.
        const normal = await createJob('SELECT Id FROM Contact');
        await c.sf(`jobs/query/${normal.body.id}`);
        expect((await c.sf(`jobs/query/${normal.body.id}`)).body.state).toBe('JobComplete');

        c.emu.bulk.injectJobFault({ outcome: 'Aborted', jobs: 2 });
        for (let i = 0; i < 2; i++) {
            const aborted = await createJob('SELECT Id FROM Contact');
            expect((await c.sf(`jobs/query/${aborted.body.id}`)).body.state).toBe('Aborted');
        }
        c.emu.bulk.injectJobFault({ outcome: 'Failed', errorMessage: 'Retried more than 15 times' });
        const custom = await createJob('SELECT Id FROM Contact');
        expect((await c.sf(`jobs/query/${custom.body.id}`)).body.errorMessage).toBe('Retried more than 15 times');
        expect(() => c.emu.bulk.injectJobFault({ outcome: 'Exploded' as 'Failed' })).toThrow(TypeError);
    });

    it('a job that vanishes: 404 NOT_FOUND on status and results, mid-download too', async () => {
        now = T0;
        c.emu.bulk.setDefaultMaxRecords(10);
        try {
            // Two polls (InProgress, JobComplete) and one results page served, then gone.
            c.emu.bulk.injectJobFault({ outcome: 'NotFound', afterPolls: 3 });
            const job = await createJob('SELECT Id FROM Contact');
            await c.sf(`jobs/query/${job.body.id}`);
            expect((await c.sf(`jobs/query/${job.body.id}`)).body.state).toBe('JobComplete');
            const page = await c.sf(`jobs/query/${job.body.id}/results`);
            expect(page.status).toBe(200);
            const next = await c.sf(`jobs/query/${job.body.id}/results?locator=${page.headers.get('sforce-locator')}`);
            expect(next.status).toBe(404);
            expect(next.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
            expect((await c.sf(`jobs/query/${job.body.id}`)).status).toBe(404);
            expect(c.emu.stats().bulk.jobsExpired).toBeGreaterThanOrEqual(1);
        } finally {
            c.emu.bulk.setDefaultMaxRecords(50_000);
        }
    });

    it('results expire: a finished job older than the lifetime is deleted (404), an unfinished one is kept', async () => {
        now = T0;
        c.emu.bulk.setResultsLifetimeMs(3_600_000);
        try {
            const done = await createJob('SELECT Id FROM Account');
            await c.sf(`jobs/query/${done.body.id}`);
            await c.sf(`jobs/query/${done.body.id}`);
            const pending = await createJob('SELECT Id FROM Account');
            now = T0 + 30 * MIN;
            expect((await c.sf(`jobs/query/${done.body.id}/results`)).status).toBe(200);
            now = T0 + 61 * MIN;
            expect((await c.sf(`jobs/query/${done.body.id}/results`)).status).toBe(404);
            expect((await c.sf(`jobs/query/${done.body.id}`)).status).toBe(404);
            const listed = (await c.sf('jobs/query')).body.records.map((j: { id: string }) => j.id);
            expect(listed).not.toContain(done.body.id);
            expect(listed).toContain(pending.body.id);
            expect((await c.sf(`jobs/query/${pending.body.id}`)).status).toBe(200);
        } finally {
            c.emu.bulk.setResultsLifetimeMs(7 * DAY);
            now = T0;
        }
    });

    it('DELETE answers 204, then the job is 404; PATCH Aborted aborts', async () => {
        now = T0;
        const job = await createJob('SELECT Id FROM Account');
        expect((await c.sf(`jobs/query/${job.body.id}`, { method: 'PATCH', json: { state: 'Aborted' } })).body.state).toBe('Aborted');
        expect((await c.sf(`jobs/query/${job.body.id}`, { method: 'DELETE' })).status).toBe(204);
        expect((await c.sf(`jobs/query/${job.body.id}`)).status).toBe(404);
        expect((await c.sf(`jobs/query/${job.body.id}/results`)).status).toBe(404);
    });
});

describe('archived activities', () => {
    it('query and Bulk query never return archived Tasks; queryAll (REST and Bulk) returns them with IsDeleted false, IsArchived true', async () => {
        now = T0;
        const all = c.emu.org.list('Task');
        const archived = all.filter((t) => t['IsArchived'] === true);
        expect(archived).toHaveLength(3);
        for (const t of archived) {
            expect(t).toMatchObject({ IsClosed: true, Status: 'Completed' });
            expect(Date.parse(`${t['ActivityDate'] as string}T00:00:00Z`)).toBeLessThanOrEqual(T0 - 365 * DAY);
        }
        const plain = await c.sf(q('SELECT Id FROM Task'));
        expect(plain.body.totalSize).toBe(all.length - 3);
        expect((await c.sf(q('SELECT Id FROM Task WHERE IsArchived = true'))).body.totalSize).toBe(0);
        const withAll = await c.sf(qa('SELECT Id, IsDeleted, IsArchived FROM Task WHERE IsArchived = true'));
        expect(withAll.body.records.map((r: Record<string, unknown>) => ({ ...r, attributes: undefined }))).toEqual(
            expect.arrayContaining(archived.map((t) => ({ attributes: undefined, Id: t['Id'], IsDeleted: false, IsArchived: true })))
        );
        // Child subqueries follow the same rule.
        const whoId = archived.find((t) => typeof t['WhatId'] === 'string' && (t['WhatId'] as string).startsWith('001'))?.['WhatId'];
        if (typeof whoId === 'string') {
            const sub = await c.sf(q(`SELECT Id, (SELECT Id FROM Tasks) FROM Account WHERE Id = '${whoId}'`));
            const ids = (sub.body.records[0].Tasks?.records ?? []).map((r: { Id: string }) => r.Id);
            for (const t of archived) expect(ids).not.toContain(t['Id']);
        }
        for (const [operation, expected] of [['query', 0], ['queryAll', 3]] as const) {
            const job = await createJob('SELECT Id, IsArchived FROM Task WHERE IsArchived = true', operation);
            await c.sf(`jobs/query/${job.body.id}`);
            expect((await c.sf(`jobs/query/${job.body.id}`)).body.numberRecordsProcessed).toBe(expected);
        }
    });

    it('IsArchived is read-only; archive() touches SystemModstamp; archived rows can still be updated', async () => {
        now = T0 + 5 * MIN;
        const describe = await c.sf('sobjects/Task/describe');
        expect(describe.body.fields.find((f: { name: string }) => f.name === 'IsArchived')).toMatchObject({ type: 'boolean', createable: false, updateable: false, nillable: false, defaultedOnCreate: true });
        const task = c.emu.org.list('Task').find((t) => t['IsArchived'] !== true) as Record<string, unknown>;
        const id = task['Id'] as string;
        const write = await c.sf(`sobjects/Task/${id}`, { method: 'PATCH', json: { IsArchived: true } });
        expect(write.status).toBe(400);
        expect(write.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
        expect(c.emu.org.archive(id)).toEqual([id]);
        expect((await c.sf(q(`SELECT Id FROM Task WHERE Id = '${id}'`))).body.totalSize).toBe(0);
        expect((await c.sf(qa(`SELECT SystemModstamp, IsArchived FROM Task WHERE Id = '${id}'`))).body.records[0]).toMatchObject({ SystemModstamp: sfDate(now), IsArchived: true });
        expect((await c.sf(window('updated', 'Task', T0, now + MIN))).body.ids).toContain(id);
        expect((await c.sf(`sobjects/Task/${id}`, { method: 'PATCH', json: { Subject: 'Still editable' } })).status).toBe(204);
        const quiet = c.emu.org.list('Task').find((t) => t['IsArchived'] !== true) as Record<string, unknown>;
        const before = quiet['SystemModstamp'];
        c.emu.org.archive([quiet['Id'] as string], { touch: false });
        expect(c.emu.org.get(quiet['Id'] as string)?.['SystemModstamp']).toBe(before);
        expect(() => c.emu.org.archive(c.emu.org.list('Account')[0]?.['Id'] as string)).toThrow(/only activities/);
        now = T0;
    });
});

describe('QUERY_TIMEOUT when a query selects too many rows', () => {
    it('counts the rows the WHERE selects before LIMIT; a narrower SystemModstamp window passes; later pages are not affected', async () => {
        now = T0;
        const contacts = c.emu.org.list('Contact');
        const stamps = contacts.map((r) => r['SystemModstamp'] as number).sort((a, b) => a - b);
        const cut = stamps[stamps.length - 10] as number;
        const narrow = stamps.filter((s) => s >= cut).length;
        // A cursor opened before the threshold, to check that its next page still comes.
        const paged = await c.sf(q('SELECT Id FROM Contact'), { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
        expect(paged.status).toBe(200);
        c.emu.setQueryTimeoutRows(narrow);
        try {
            for (const soql of ['SELECT Id FROM Contact', 'SELECT Id FROM Contact ORDER BY Name LIMIT 5', 'SELECT COUNT() FROM Contact']) {
                const res = await c.sf(q(soql));
                expect(res.status, soql).toBe(400);
                expect(res.body).toEqual([{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }]);
            }
            // a small LIMIT over an indexed order is served by the index: the oldest SystemModstamp comes back
            const oldest = await c.sf(q('SELECT SystemModstamp FROM Contact ORDER BY SystemModstamp LIMIT 1'));
            expect(oldest.status).toBe(200);
            expect(oldest.body.records).toHaveLength(1);
            expect((await c.sf(qa('SELECT Id FROM Contact'))).status).toBe(400);
            const ok = await c.sf(q(`SELECT Id FROM Contact WHERE SystemModstamp >= ${new Date(cut).toISOString()}`));
            expect(ok.status).toBe(200);
            expect(ok.body.totalSize).toBe(narrow);
            // Another object under the threshold is fine.
            expect((await c.sf(q(`SELECT Id FROM Account WHERE Id = '${c.emu.org.list('Account')[0]?.['Id'] as string}'`))).status).toBe(200);
            // Bulk jobs are not subject to it.
            expect((await createJob('SELECT Id FROM Contact')).status).toBe(200);
        } finally {
            c.emu.setQueryTimeoutRows(undefined);
        }
        expect((await c.sf(q('SELECT Id FROM Contact'))).status).toBe(200);
    });

    it('the option applies from the start', async () => {
        const small = await start({ queryTimeoutRows: 3, volume: 5 });
        try {
            expect((await small.sf(q('SELECT Id FROM Account'))).body[0].errorCode).toBe('QUERY_TIMEOUT');
            expect((await small.sf(q('SELECT Id FROM Account LIMIT 1'))).body[0].errorCode).toBe('QUERY_TIMEOUT');
            expect((await small.sf(q(`SELECT Id FROM Account WHERE Id = '${small.emu.org.list('Account')[0]?.['Id'] as string}'`))).status).toBe(200);
        } finally {
            await small.emu.stop();
        }
    });
});

describe('Attachment: a base64 field', () => {
    it('written as base64, read as the blob URL (record GET and SOQL), fetched as bytes', async () => {
        now = T0;
        const parent = c.emu.org.list('Account')[0]?.['Id'] as string;
        const created = await c.sf('sobjects/Attachment', { method: 'POST', json: { ParentId: parent, Name: 'hello.txt', ContentType: 'text/plain', Body: Buffer.from('hello world').toString('base64') } });
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        const rec = await c.sf(`sobjects/Attachment/${id}`);
        expect(rec.body).toMatchObject({ Name: 'hello.txt', BodyLength: 11, Body: `/services/data/v62.0/sobjects/Attachment/${id}/Body` });
        expect((await c.sf(q(`SELECT Body FROM Attachment WHERE Id = '${id}'`))).body.records[0].Body).toBe(`/services/data/v62.0/sobjects/Attachment/${id}/Body`);
        const blob = await c.sf(`sobjects/Attachment/${id}/Body`);
        expect(blob.status).toBe(200);
        expect(blob.text).toBe('hello world');
        const field = (await c.sf('sobjects/Attachment/describe')).body.fields.find((f: { name: string }) => f.name === 'Body');
        expect(field).toMatchObject({ type: 'base64', soapType: 'xsd:base64Binary', filterable: false, sortable: false });
    });
});

describe('lean seeding for volume tests', () => {
    it('lean objects carry names, Email, AccountId, owner and audit fields only; the others are seeded as usual', async () => {
        const lean = await start({ volume: { Contact: 50, Account: 10, default: 5 }, lean: ['Contact'] });
        try {
            const rows = (await lean.sf(q('SELECT Id, Name, FirstName, LastName, Email, AccountId, OwnerId, Phone, MailingCity, Title, HasOptedOutOfEmail, SystemModstamp FROM Contact'))).body.records;
            expect(rows).toHaveLength(50);
            for (const r of rows) {
                expect(r).toMatchObject({ Phone: null, MailingCity: null, Title: null, HasOptedOutOfEmail: false });
                expect(r.Name).toBe(`${r.FirstName} ${r.LastName}`);
                expect(r.Email).toMatch(/^c\d+@example\.(com|org|net)$/);
                expect(r.OwnerId).toMatch(/^005/);
                expect(r.SystemModstamp).toMatch(/^\d{4}-/);
            }
            expect(rows.filter((r: { AccountId: string | null }) => r.AccountId !== null).length).toBeGreaterThan(25);
            // Accounts were not lean: their addresses are there.
            expect(lean.emu.org.list('Account').every((a) => typeof a['BillingCity'] === 'string')).toBe(true);
        } finally {
            await lean.emu.stop();
        }
        await expect(start({ lean: ['Lead'] })).rejects.toThrow(/Lead has no lean generator/);
    });
});
