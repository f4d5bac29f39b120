/**
 * Bulk API 2.0 ingest actions (create-bulk-job, get-bulk-job, get-bulk-job-results, abort-bulk-job) through their
 * compiled bundles against the emulator: insert, upsert, delete, a job with failed rows, abort, results paging, a
 * failed upload (the job aborted), a retried close, checked against the emulator's store and its call log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 9, volume: 30, proxyRetryBaseMs: 1, bulkPollsToComplete: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const endpoints = () => emulator.stats().log.filter((l) => l.kind === 'salesforce').map((l) => l.endpoint);

/** Polls get-bulk-job until done; returns the last status. */
async function waitDone(jobId: string): Promise<any> {
    for (let i = 0; i < 10; i++) {
        const status = out(await action('get-bulk-job', { jobId }));
        if (status.done) return status;
    }
    throw new Error(`job ${jobId} never finished`);
}

describe('create-bulk-job', () => {
    it('inserts contacts from JSON records in 3 API calls, then reports them per row', async () => {
        const before = emulator.org.count('Contact');
        const records = Array.from({ length: 250 }, (_, i) => ({ LastName: `Ingest ${i}`, Email: `ingest${i}@e2e.example`, Description: i === 0 ? 'Line one\nline "two", with a comma' : null }));
        emulator.resetStats();
        const created = await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records });
        expect(created.error).toBeUndefined();
        expect(out(created)).toMatchObject({ sObject: 'Contact', operation: 'insert', recordsUploaded: 250, apiCalls: 3, state: 'UploadComplete', columns: ['LastName', 'Email', 'Description'] });
        expect(endpoints()).toEqual(['POST /jobs/ingest', 'PUT /jobs/ingest/{id}/batches', 'PATCH /jobs/ingest/{id}']);
        const jobId = out(created).jobId as string;
        expect(jobId).toMatch(/^750/);
        const status = await waitDone(jobId);
        expect(status).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 250, numberRecordsFailed: 0, sObject: 'Contact', operation: 'insert' });
        expect(emulator.org.count('Contact')).toBe(before + 250);
        const page = out(await action('get-bulk-job-results', { jobId, results: 'successful' }));
        expect(page.rows).toHaveLength(250);
        expect(page.nextOffset).toBeNull();
        const first = page.rows[0];
        expect(first).toMatchObject({ created: true, error: null, fields: { LastName: 'Ingest 0', Description: 'Line one\nline "two", with a comma' } });
        expect(emulator.org.get(first.recordId)?.['Description']).toBe('Line one\nline "two", with a comma');
        // a null was sent as #N/A: the field is null
        expect(emulator.org.get(page.rows[1].recordId)?.['Description']).toBeNull();
    });

    it('stores a value starting with = as written (Salesforce never evaluates CSV; no formula escaping)', async () => {
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: '=HYPERLINK("http://x.example","y")', Title: '+1-2' }] }));
        await waitDone(created.jobId);
        const row = out(await action('get-bulk-job-results', { jobId: created.jobId, results: 'successful' })).rows[0];
        expect(emulator.org.get(row.recordId)?.['LastName']).toBe('=HYPERLINK("http://x.example","y")');
        expect(emulator.org.get(row.recordId)?.['Title']).toBe('+1-2');
    });

    it('upserts invoices by External_Id__c from CSV, with a parent by external id: created and updated per row', async () => {
        const existing = emulator.org.list('Invoice__c')[0] as Record<string, unknown>;
        const account = emulator.org.list('Account')[0] as Record<string, unknown>;
        emulator.org.update('Account', account['Id'] as string, { AccountNumber: 'ACC-E2E-1' });
        // Account has no external-id field in the emulator: the parent goes by Id through the lookup itself
        const csv = `External_Id__c,Amount__c,Account__c\r\n${String(existing['External_Id__c'])},123.45,${String(account['Id'])}\r\nNEW-EXT-1,50,#N/A\r\n`;
        const created = await action('create-bulk-job', { sObject: 'Invoice__c', operation: 'upsert', externalIdFieldName: 'External_Id__c', csv });
        expect(created.error).toBeUndefined();
        expect(out(created)).toMatchObject({ lineEnding: 'CRLF', recordsUploaded: 2, externalIdFieldName: 'External_Id__c' });
        const status = await waitDone(out(created).jobId);
        expect(status).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });
        const rows = out(await action('get-bulk-job-results', { jobId: out(created).jobId, results: 'successful' })).rows as any[];
        expect(rows.map((r) => r.created)).toEqual([false, true]);
        expect(rows[0].recordId).toBe(existing['Id']);
        expect(emulator.org.get(existing['Id'] as string)?.['Amount__c']).toBe(123.45);
        expect(emulator.org.get(rows[1].recordId)?.['External_Id__c']).toBe('NEW-EXT-1');
    });

    it('reports failed rows with sf__Error, next to the successful ones', async () => {
        const records = [{ LastName: 'Fine' }, { FirstName: 'No last name' }, { LastName: 'Also fine' }];
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records }));
        const status = await waitDone(created.jobId);
        expect(status).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 3, numberRecordsFailed: 1 });
        const failed = out(await action('get-bulk-job-results', { jobId: created.jobId, results: 'failed' }));
        expect(failed.rows).toEqual([
            { recordId: null, created: null, error: expect.stringMatching(/^REQUIRED_FIELD_MISSING:Required fields are missing: \[LastName\]/), errorCode: 'REQUIRED_FIELD_MISSING', fields: { LastName: '', FirstName: 'No last name' } }
        ]);
        const ok = out(await action('get-bulk-job-results', { jobId: created.jobId, results: 'successful' }));
        expect(ok.rows.map((r: any) => r.fields.LastName)).toEqual(['Fine', 'Also fine']);
    });

    it('deletes by id, and a hardDelete purges', async () => {
        const victims = emulator.org.list('Task').slice(0, 4).map((r) => String(r['Id']));
        const soft = out(await action('create-bulk-job', { sObject: 'Task', operation: 'delete', records: victims.slice(0, 2).map((Id) => ({ Id })) }));
        expect((await waitDone(soft.jobId)).numberRecordsFailed).toBe(0);
        expect(victims.slice(0, 2).map((id) => emulator.org.get(id)?.['IsDeleted'])).toEqual([true, true]);
        const hard = out(await action('create-bulk-job', { sObject: 'Task', operation: 'hardDelete', csv: `Id\n${victims[2]}\n${victims[3]}\n` }));
        expect((await waitDone(hard.jobId)).numberRecordsFailed).toBe(0);
        expect(victims.slice(2).map((id) => emulator.org.get(id))).toEqual([undefined, undefined]);
    });

    it('aborts the job when the upload fails, and says so', async () => {
        emulator.faults.inject({ match: { method: 'PUT', path: /\/jobs\/ingest\/[^/]+\/batches/ }, times: 1, fault: { kind: 'status', status: 500 } });
        emulator.resetStats();
        const result = await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Never' }] });
        emulator.faults.clear();
        expect(result.error?.payload).toMatchObject({ type: 'server_error', jobAborted: true });
        expect(String(result.error?.payload?.message)).toMatch(/was aborted: no record was written/);
        expect(endpoints()).toEqual(['POST /jobs/ingest', 'PUT /jobs/ingest/{id}/batches', 'PATCH /jobs/ingest/{id}']);
        const jobId = String(result.error?.payload?.jobId);
        expect(out(await action('get-bulk-job', { jobId })).state).toBe('Aborted');
    });
});

describe('create-bulk-job close retried', () => {
    it('counts a close whose answer was lost as closed: the retry finds the job past Open', async () => {
        emulator.faults.inject({ match: { method: 'PATCH', path: /\/jobs\/ingest\/[^/]+$/ }, times: 1, fault: { kind: 'drop-after' } });
        emulator.resetStats();
        const result = await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Closed once' }] });
        emulator.faults.clear();
        expect(result.error).toBeUndefined();
        expect(endpoints()).toEqual(['POST /jobs/ingest', 'PUT /jobs/ingest/{id}/batches', 'PATCH /jobs/ingest/{id}', 'PATCH /jobs/ingest/{id}', 'GET /jobs/ingest/{id}']);
        expect(out(result).apiCalls).toBe(5);
        expect((await waitDone(out(result).jobId)).numberRecordsProcessed).toBe(1);
    });
});

describe('get-bulk-job-results', () => {
    it('pages 2,500 result rows with offset and nextOffset', async () => {
        const records = Array.from({ length: 2500 }, (_, i) => ({ LastName: `Page ${i}` }));
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records }));
        await waitDone(created.jobId);
        const seen: string[] = [];
        let offset: number | null = 0;
        let pages = 0;
        while (offset !== null) {
            const page = out(await action('get-bulk-job-results', { jobId: created.jobId, results: 'successful', offset, limit: 1000 }));
            seen.push(...page.rows.map((r: any) => r.fields.LastName));
            offset = page.nextOffset;
            pages++;
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(records.map((r) => r.LastName));
    });

    it('refuses to read results of a job that is not finished', async () => {
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Pending' }] }));
        const result = await action('get-bulk-job-results', { jobId: created.jobId, results: 'successful' });
        expect(result.error?.payload).toMatchObject({ errorCode: 'JOB_NOT_COMPLETE' });
        await waitDone(created.jobId);
    });
});

describe('abort-bulk-job', () => {
    it('aborts a job before it runs (its rows unprocessed), and a second abort reports alreadyAborted', async () => {
        const before = emulator.org.count('Contact');
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Stopped 1' }, { LastName: 'Stopped 2' }] }));
        const aborted = out(await action('abort-bulk-job', { jobId: created.jobId }));
        expect(aborted).toMatchObject({ state: 'Aborted', alreadyAborted: false, done: true });
        expect(out(await action('abort-bulk-job', { jobId: created.jobId }))).toMatchObject({ state: 'Aborted', alreadyAborted: true });
        expect(emulator.org.count('Contact')).toBe(before);
        const unprocessed = out(await action('get-bulk-job-results', { jobId: created.jobId, results: 'unprocessed' }));
        expect(unprocessed.rows.map((r: any) => r.fields.LastName)).toEqual(['Stopped 1', 'Stopped 2']);
    });

    it('cannot abort a finished job', async () => {
        const created = out(await action('create-bulk-job', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Done' }] }));
        await waitDone(created.jobId);
        const result = await action('abort-bulk-job', { jobId: created.jobId });
        expect(result.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALIDJOBSTATE' });
    });

    it('an unknown job is not_found', async () => {
        const result = await action('get-bulk-job', { jobId: '750000000000000AAA' });
        expect(result.error?.payload).toMatchObject({ type: 'not_found' });
    });
});
