/**
 * list-related-records, merge-records, the approval actions and call-apex-rest through their compiled bundles
 * against the emulator, checked against its store and its call counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, volume: 30, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const payload = (r: RunResult) => (r.error as { payload?: any } | undefined)?.payload ?? r.error;
const calls = () => emulator.stats().calls;

describe('list-related-records', () => {
    it("lists an account's contacts with chosen fields and paths, and pages through them with nextRecordsUrl", async () => {
        const account = emulator.org.insert('Account', { Name: 'Related Co' });
        const accountId = String(account['Id']);
        for (let i = 0; i < 250; i++) emulator.org.insert('Contact', { LastName: `Rel ${String(i).padStart(3, '0')}`, AccountId: accountId });
        emulator.resetStats();
        const first = await action('list-related-records', { sObject: 'Account', recordId: accountId, relationship: 'contacts', fields: ['Id', 'LastName', 'Account.Name'], orderBy: 'LastName', batchSize: 200 });
        expect(first.error).toBeUndefined();
        expect(out(first)).toMatchObject({ childSObject: 'Contact', lookupField: 'AccountId', totalSize: 250, done: false, truncated: false });
        expect(out(first).records).toHaveLength(200);
        expect(out(first).records[0]).toMatchObject({ LastName: 'Rel 000', Account: { Name: 'Related Co' } });
        expect(calls()).toBe(2); // describe + query
        const second = await action('list-related-records', { sObject: 'Account', recordId: accountId, relationship: 'Contacts', nextRecordsUrl: out(first).nextRecordsUrl });
        expect(out(second).records).toHaveLength(50);
        expect(out(second)).toMatchObject({ done: true, nextRecordsUrl: null });
        expect(out(second).records[49].LastName).toBe('Rel 249');
    });

    it('defaults to Id, the name field and CreatedDate; a misspelled relationship gets suggestions', async () => {
        const account = emulator.org.list('Account')[0] as Record<string, unknown>;
        const result = await action('list-related-records', { sObject: 'Account', recordId: String(account['Id']), relationship: 'Opportunities' });
        expect(result.error).toBeUndefined();
        for (const r of out(result).records) expect(Object.keys(r).sort()).toEqual(['CreatedDate', 'Id', 'Name', 'attributes']);
        const wrong = await action('list-related-records', { sObject: 'Account', recordId: String(account['Id']), relationship: 'Contactz' });
        expect(payload(wrong)).toMatchObject({ type: 'not_found', errorCode: 'INVALID_RELATIONSHIP', suggestions: expect.arrayContaining(['Contacts']) });
    });

    it('reports a parent that does not exist as not_found, and an emulator friendly URL lists the same children', async () => {
        const missing = await action('list-related-records', { sObject: 'Account', recordId: '001000000000000AAA', relationship: 'Contacts' });
        expect(payload(missing)).toMatchObject({ type: 'not_found', fields: ['recordId'] });
        const account = emulator.org.list('Account').find((a) => emulator.org.list('Contact').some((c) => c['AccountId'] === a['Id'])) as Record<string, unknown>;
        const res = await fetch(`${emulator.url}/services/data/v66.0/sobjects/Account/${String(account['Id'])}/Contacts?fields=Id,LastName`, { headers: { Authorization: `Bearer ${emulator.accessToken}` } });
        const body = (await res.json()) as { totalSize: number; records: Array<Record<string, unknown>> };
        expect(res.status).toBe(200);
        expect(body.totalSize).toBe(emulator.org.list('Contact').filter((c) => c['AccountId'] === account['Id']).length);
        expect(Object.keys(body.records[0] ?? {}).sort()).toEqual(['Id', 'LastName', 'attributes']);
    });
});

describe('merge-records', () => {
    it('merges two accounts into a master: children re-parented, chosen values copied, losers deleted; a re-run reports alreadyMerged', async () => {
        const master = String(emulator.org.insert('Account', { Name: 'Merge Master', Phone: '111' })['Id']);
        const loserA = String(emulator.org.insert('Account', { Name: 'Merge A', Phone: '222', Website: 'https://a.example' })['Id']);
        const loserB = String(emulator.org.insert('Account', { Name: 'Merge B' })['Id']);
        const contact = String(emulator.org.insert('Contact', { LastName: 'Moves', AccountId: loserA })['Id']);
        const opp = String(emulator.org.insert('Opportunity', { Name: 'Moves too', StageName: 'Prospecting', CloseDate: '2030-01-01', AccountId: loserB })['Id']);
        emulator.resetStats();
        const result = await action('merge-records', { sObject: 'Account', masterRecordId: master, mergeRecordIds: [loserA, loserB], fieldValuesFrom: { Phone: loserA, Website: loserA } });
        expect(result.error).toBeUndefined();
        expect(out(result)).toMatchObject({ masterRecordId: master, mergedRecordIds: [loserA, loserB], alreadyMerged: false, fieldsTaken: { Phone: loserA, Website: loserA } });
        expect(out(result).updatedRelatedIds).toEqual(expect.arrayContaining([contact, opp]));
        expect(calls()).toBe(2); // queryAll + SOAP merge
        expect(emulator.org.get(master)).toMatchObject({ Phone: '222', Website: 'https://a.example', Name: 'Merge Master' });
        expect(emulator.org.get(contact)?.['AccountId']).toBe(master);
        expect(emulator.org.get(opp)?.['AccountId']).toBe(master);
        expect(emulator.org.get(loserA)).toMatchObject({ IsDeleted: true, MasterRecordId: master });
        expect(emulator.org.get(contact)?.['IsDeleted']).toBe(false);

        emulator.resetStats();
        const again = await action('merge-records', { sObject: 'Account', masterRecordId: master, mergeRecordIds: [loserA, loserB] });
        expect(out(again)).toMatchObject({ alreadyMerged: true, mergedRecordIds: [loserA, loserB], updatedRelatedIds: [] });
        expect(calls()).toBe(1); // the read only: no second merge
    });

    it('refuses a deleted loser not merged into this master, and an id of another object before any request', async () => {
        const master = String(emulator.org.insert('Contact', { LastName: 'M' })['Id']);
        const gone = String(emulator.org.insert('Contact', { LastName: 'Gone' })['Id']);
        emulator.org.delete('Contact', gone);
        const deleted = await action('merge-records', { sObject: 'Contact', masterRecordId: master, mergeRecordIds: [gone] });
        expect(payload(deleted)).toMatchObject({ type: 'entity_deleted', fields: ['mergeRecordIds[0]'] });
        emulator.resetStats();
        const wrongType = await action('merge-records', { sObject: 'Contact', masterRecordId: master, mergeRecordIds: [String(emulator.org.list('Lead')[0]?.['Id'])] });
        expect(payload(wrongType)).toMatchObject({ type: 'invalid_input' });
        expect(calls()).toBe(0);
    });

    it('the emulator refuses merges of different types and of more than three records (SOAP errors)', async () => {
        const [a, b, c, d] = emulator.org.list('Lead').slice(0, 4).map((l) => String(l['Id']));
        const envelope = (type: string, ids: string[]): string =>
            `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>${emulator.accessToken}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:merge><urn:request><urn:masterRecord xmlns:sobj="urn:sobject.partner.soap.sforce.com"><sobj:type>${type}</sobj:type><sobj:Id>${a}</sobj:Id></urn:masterRecord>${ids.map((id) => `<urn:recordToMergeIds>${id}</urn:recordToMergeIds>`).join('')}</urn:request></urn:merge></soapenv:Body></soapenv:Envelope>`;
        const post = async (body: string): Promise<string> => (await fetch(`${emulator.url}/services/Soap/u/66.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: '""' }, body })).text();
        expect(await post(envelope('Lead', [b as string, c as string, d as string]))).toContain('<statusCode>LIMIT_EXCEEDED</statusCode>');
        expect(await post(envelope('Lead', [String(emulator.org.list('Contact')[0]?.['Id'])]))).toContain('<statusCode>INVALID_ID_FIELD</statusCode>');
        expect(await post(envelope('Opportunity', [b as string]))).toContain('<statusCode>INVALID_TYPE_FOR_OPERATION</statusCode>');
        expect(emulator.org.get(b as string)?.['IsDeleted']).toBe(false);
    });
});

describe('approvals', () => {
    it('submits an open opportunity, lists the pending item, approves it; a second submit of a pending record is ALREADY_IN_PROCESS', async () => {
        const opp = String(emulator.org.insert('Opportunity', { Name: 'Needs approval', StageName: 'Prospecting', CloseDate: '2030-06-30', Amount: 5000 })['Id']);
        const submitted = await action('submit-for-approval', { recordId: opp, comments: 'please' });
        expect(submitted.error).toBeUndefined();
        expect(out(submitted)).toMatchObject({ success: true, recordId: opp, status: 'Pending' });
        const workItemId = out(submitted).newWorkItemIds[0] as string;
        expect(workItemId.startsWith('04i')).toBe(true);
        expect(out(submitted).processInstanceId.startsWith('04g')).toBe(true);

        const again = await action('submit-for-approval', { recordId: opp });
        expect(payload(again)).toMatchObject({ errorCode: 'ALREADY_IN_PROCESS', status: 400 });

        const pending = await action('list-pending-approvals', { recordId: opp });
        expect(pending.error).toBeUndefined();
        expect(out(pending).workItems).toEqual([
            expect.objectContaining({ workItemId, recordId: opp, recordName: 'Needs approval', recordType: 'Opportunity', status: 'Pending', approverId: emulator.org.apiUserId })
        ]);

        const approved = await action('approve-or-reject', { workItemId, decision: 'approve', comments: 'ok' });
        expect(out(approved)).toMatchObject({ success: true, status: 'Approved', newWorkItemIds: [], recordId: opp });
        expect(out(await action('list-pending-approvals', { recordId: opp })).workItems).toEqual([]);
        const twice = await action('approve-or-reject', { workItemId, decision: 'reject' });
        expect(payload(twice)).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' });
    });

    it('NO_APPLICABLE_PROCESS for an object without a process and for a record outside the entry criteria', async () => {
        const account = String(emulator.org.list('Account')[0]?.['Id']);
        const noProcess = await action('submit-for-approval', { recordId: account });
        expect(payload(noProcess)).toMatchObject({ type: 'salesforce_error', errorCode: 'NO_APPLICABLE_PROCESS' });
        expect(payload(noProcess).message).toContain('entry criteria');
        const zero = String(emulator.org.insert('Opportunity', { Name: 'No amount', StageName: 'Prospecting', CloseDate: '2030-06-30' })['Id']);
        expect(payload(await action('submit-for-approval', { recordId: zero }))).toMatchObject({ errorCode: 'NO_APPLICABLE_PROCESS' });
        const skipped = await action('submit-for-approval', { recordId: zero, processDefinitionNameOrId: 'Opportunity_Discount_Approval', skipEntryCriteria: true });
        expect(out(skipped)).toMatchObject({ success: true, status: 'Pending' });
        const rejected = await action('approve-or-reject', { workItemId: out(skipped).newWorkItemIds[0], decision: 'reject' });
        expect(out(rejected)).toMatchObject({ status: 'Rejected' });
    });
});

describe('call-apex-rest', () => {
    it('GET and POST to the echo service with query parameters and a JSON body', async () => {
        const got = await action('call-apex-rest', { method: 'GET', path: '/echo/orders/42', queryParameters: { status: 'open & closed', q: 'a=b' } });
        expect(out(got)).toMatchObject({ status: 200, ok: true, truncated: false, body: { method: 'GET', requestURI: '/echo/orders/42', params: { status: 'open & closed', q: 'a=b' } } });
        const posted = await action('call-apex-rest', { method: 'POST', path: 'echo', body: { name: 'Ada', n: [1, 2] } });
        expect(out(posted).body).toMatchObject({ method: 'POST', body: { name: 'Ada', n: [1, 2] } });
    });

    it("returns the org code's own 400 body as output, sends a failed write once, and maps a path no class maps to not_found", async () => {
        emulator.resetStats();
        const failed = await action('call-apex-rest', { method: 'POST', path: 'invoices', body: {} });
        expect(out(failed)).toMatchObject({ status: 400, ok: false, body: { error: 'INVALID_INVOICE', field: 'invoiceNumber' } });
        expect(calls()).toBe(1);
        const crash = await action('call-apex-rest', { method: 'GET', path: 'crash' });
        expect(out(crash)).toMatchObject({ status: 500, ok: false, body: [{ errorCode: 'APEX_ERROR' }] });
        const unmapped = await action('call-apex-rest', { method: 'GET', path: 'Echo' });
        expect(payload(unmapped)).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        const wrongMethod = await action('call-apex-rest', { method: 'DELETE', path: 'invoices' });
        expect(payload(wrongMethod)).toMatchObject({ errorCode: 'METHOD_NOT_ALLOWED', status: 405 });
        const text = await action('call-apex-rest', { method: 'GET', path: 'text' });
        expect(out(text)).toMatchObject({ status: 200, body: 'hello from Apex', contentType: expect.stringContaining('text/plain') });
    });

    it('cuts a 3 MB body under 2 MB with truncated true and the full size', async () => {
        const big = await action('call-apex-rest', { method: 'GET', path: 'big', queryParameters: { kb: '3000' } });
        expect(out(big).truncated).toBe(true);
        expect(out(big).bodyBytes).toBeGreaterThan(3_000_000);
        expect(typeof out(big).body).toBe('string');
        expect(Buffer.byteLength(JSON.stringify(out(big)))).toBeLessThan(2 * 1024 * 1024);
        expect((out(big).body as string).startsWith('{"rows":["000000')).toBe(true);
    });

    it('refuses traversal before any request', async () => {
        emulator.resetStats();
        const r = await action('call-apex-rest', { method: 'GET', path: '../data/v66.0/limits' });
        expect(payload(r)).toMatchObject({ type: 'invalid_input', fields: ['path'] });
        expect(calls()).toBe(0);
    });
});
