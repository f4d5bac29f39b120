/**
 * Writes re-run as Nango re-runs them (issue 14): its MCP server runs a failed action again up to 3 times, and POST
 * /action/trigger as X-Max-Retries says. Each case lets Salesforce commit the write and then drops the connection
 * (the emulator's drop-after fault), so the action fails with a typed error; then it runs again with the same input
 * and the test counts what changed in the org: once, or exactly what the action's description says it cannot promise.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { LEAD_STATUS_DEFS } from '../../emulator/src/org/schema.js';
import { runFunction, type RunResult } from './runtime.js';

const SOAP = '/services/Soap/u/66.0';
const DROP_AFTER = { kind: 'drop-after' } as const;
/** A dropped connection, as the action reports it: through Nango's proxy a lost answer arrives as a 5xx of the proxy. */
const LOST = expect.stringMatching(/^(network_error|server_error)$/);
/** Enough drops to outlast the proxy's 3 retries of a read. */
const READ_DROPS = 4;

let e: EmulatorHandle;
beforeAll(async () => {
    e = await startEmulator({
        seed: 9,
        volume: 10,
        proxyRetryBaseMs: 1,
        leadStatuses: [...LEAD_STATUS_DEFS, { name: 'Partner Converted', label: 'Converted (partner)', isConverted: true }],
        leadProcesses: [{ name: 'Partner Lead Process', recordType: 'Partner', recordTypeLabel: 'Partner lead', statuses: ['Open - Not Contacted', 'Working - Contacted', 'Partner Converted'] }]
    });
});
afterAll(async () => {
    await e?.stop();
});
beforeEach(() => {
    e.faults.clear();
    e.resetStats();
});

const run = (name: string, input: unknown): Promise<RunResult> => runFunction(name, { hostport: e.url, connectionId: e.connectionId, input, validate: true });
/** Calls the org executed (answered or dropped after executing) with this method whose path matches. */
const executed = (method: string, path: RegExp): number => e.stats().log.filter((l) => l.kind === 'salesforce' && l.method === method && path.test(l.path)).length;

describe('create-record re-run after a lost answer', () => {
    it('with an idempotency key: the first run fails, the re-run returns the same record (replayed) and creates nothing', async () => {
        const before = e.org.count('Invoice__c');
        const input = { sObject: 'Invoice__c', record: { Amount__c: 410 }, idempotencyKey: 'rerun/create-1', idempotencyKeyField: 'External_Id__c' };
        e.faults.inject({ match: { method: 'POST', path: '/sobjects/Invoice__c' }, times: 1, fault: DROP_AFTER });
        const first = await run('create-record', input);
        expect(first.error?.payload).toMatchObject({ type: LOST });
        expect(e.org.count('Invoice__c')).toBe(before + 1);
        const created = e.org.list('Invoice__c').find((r) => r['External_Id__c'] === 'rerun/create-1');
        expect(created).toMatchObject({ Amount__c: 410 });

        e.resetStats();
        const again = await run('create-record', input);
        expect(again.output).toEqual({ recordId: created?.['Id'], success: true, replayed: true });
        expect(e.org.count('Invoice__c')).toBe(before + 1);
        expect(executed('POST', /\/sobjects\/Invoice__c/)).toBe(0);
    });

    it('without a key, as its description says: the re-run creates a second record', async () => {
        const before = e.org.count('Invoice__c');
        const input = { sObject: 'Invoice__c', record: { Amount__c: 411 } };
        e.faults.inject({ match: { method: 'POST', path: '/sobjects/Invoice__c' }, times: 1, fault: DROP_AFTER });
        expect((await run('create-record', input)).error?.payload).toMatchObject({ type: LOST });
        const again = await run('create-record', input);
        expect(again.output).toMatchObject({ success: true, replayed: false });
        expect(e.org.count('Invoice__c')).toBe(before + 2);
    });

    it('a typed create (create-contact) goes through the same lookup: a key field the object lacks fails the lookup, nothing is created', async () => {
        const before = e.org.count('Contact');
        const bad = await run('create-contact', { lastName: 'Keyed', idempotencyKey: 'k-1', idempotencyKeyField: 'Request_Id__c' });
        expect(bad.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_FIELD' });
        expect(e.org.count('Contact')).toBe(before);
    });
});

describe('create-sobject-collection re-run after a lost answer', () => {
    it('with idempotencyKeyField: 450 records through one composite call, committed then dropped; the re-run sends nothing and returns all 450 as replayed', async () => {
        const before = e.org.count('Invoice__c');
        const records = Array.from({ length: 450 }, (_, i) => ({ Amount__c: i, External_Id__c: `rerun-batch-${i}` }));
        e.faults.inject({ match: { method: 'POST', path: '/composite' }, times: 1, fault: DROP_AFTER });
        const first = await run('create-sobject-collection', { sObject: 'Invoice__c', records, idempotencyKeyField: 'External_Id__c' });
        expect(first.error?.payload).toMatchObject({ type: LOST });
        expect(e.org.count('Invoice__c')).toBe(before + 450);

        e.resetStats();
        const again = await run('create-sobject-collection', { sObject: 'Invoice__c', records, idempotencyKeyField: 'External_Id__c' });
        const out = again.output as { success: boolean; results: Array<{ index: number; recordId: string; replayed?: boolean }>; apiCalls: number };
        expect(out.success).toBe(true);
        expect(out.results.every((r, i) => r.index === i && r.replayed === true)).toBe(true);
        const byKey = new Map(e.org.list('Invoice__c').map((r) => [r['External_Id__c'], r['Id']]));
        expect(out.results.map((r) => r.recordId)).toEqual(records.map((r) => byKey.get(r.External_Id__c)));
        expect(e.org.count('Invoice__c')).toBe(before + 450);
        expect(executed('POST', /\/composite/)).toBe(0);
        expect(out.apiCalls).toBe(executed('GET', /\/query/));
    });

    it('a re-run after a partly new input creates only the records whose keys are new, results in input order', async () => {
        const before = e.org.count('Invoice__c');
        const records = [{ Amount__c: 1, External_Id__c: 'rerun-batch-0' }, { Amount__c: 2, External_Id__c: 'rerun-new-1' }, { Amount__c: 3, External_Id__c: 'rerun-batch-1' }];
        const result = await run('create-sobject-collection', { sObject: 'Invoice__c', records, idempotencyKeyField: 'External_Id__c' });
        expect(result.output).toMatchObject({
            success: true,
            results: [
                { index: 0, replayed: true },
                { index: 1, replayed: false, success: true },
                { index: 2, replayed: true }
            ],
            batches: [{ fromIndex: 1, toIndex: 1, status: 'committed' }]
        });
        expect(e.org.count('Invoice__c')).toBe(before + 1);
    });

    it('without a key, as its description says: the re-run creates the records again', async () => {
        const before = e.org.count('Contact');
        const records = Array.from({ length: 3 }, (_, i) => ({ LastName: `Rerun ${i}` }));
        e.faults.inject({ match: { method: 'POST', path: '/composite/sobjects' }, times: 1, fault: DROP_AFTER });
        expect((await run('create-sobject-collection', { sObject: 'Contact', records })).error).toBeDefined();
        expect((await run('create-sobject-collection', { sObject: 'Contact', records })).output).toMatchObject({ success: true });
        expect(e.org.count('Contact')).toBe(before + 6);
    });
});

describe('convert-lead re-run after a lost answer', () => {
    async function newLead(extra: Record<string, unknown> = {}): Promise<string> {
        const created = await run('create-lead', { lastName: 'Rerun', company: 'Rerun Engines', customFields: extra });
        return (created.output as { recordId: string }).recordId;
    }
    const counts = () => ({ Account: e.org.count('Account'), Contact: e.org.count('Contact'), Opportunity: e.org.count('Opportunity') });

    it('convertLead committed, the answer and the read-back lost: the run fails, the re-run reports that conversion and converts nothing', async () => {
        const lead = await newLead();
        const before = counts();
        e.faults.inject({ match: { method: 'POST', path: SOAP }, times: 1, fault: DROP_AFTER });
        // the lead is read once before converting, then again after the lost answer: drop that second read
        e.faults.inject({ match: { method: 'GET', path: `/sobjects/Lead/${lead}`, nth: 2 }, times: READ_DROPS, fault: { kind: 'drop' } });
        const first = await run('convert-lead', { recordId: lead });
        expect(first.error?.payload).toMatchObject({ type: LOST });
        const converted = e.org.get(lead);
        expect(converted).toMatchObject({ IsConverted: true, Status: 'Closed - Converted' });
        expect(counts()).toEqual({ Account: before.Account + 1, Contact: before.Contact + 1, Opportunity: before.Opportunity + 1 });

        e.faults.clear();
        e.resetStats();
        const again = await run('convert-lead', { recordId: lead });
        expect(again.output).toEqual({
            leadId: lead,
            accountId: converted?.['ConvertedAccountId'],
            contactId: converted?.['ConvertedContactId'],
            opportunityId: converted?.['ConvertedOpportunityId'],
            convertedStatus: 'Closed - Converted',
            alreadyConverted: true
        });
        expect(executed('POST', /\/services\/Soap/)).toBe(0);
        expect(counts()).toEqual({ Account: before.Account + 1, Contact: before.Contact + 1, Opportunity: before.Opportunity + 1 });
    });

    it('convertLead committed and only its answer lost: the same run reads the lead back and returns the conversion', async () => {
        const lead = await newLead();
        const before = counts();
        e.faults.inject({ match: { method: 'POST', path: SOAP }, times: 1, fault: DROP_AFTER });
        const result = await run('convert-lead', { recordId: lead, doNotCreateOpportunity: true });
        expect(result.output).toMatchObject({ leadId: lead, opportunityId: null, alreadyConverted: true });
        expect(counts()).toEqual({ ...before, Account: before.Account + 1, Contact: before.Contact + 1 });
        expect(executed('POST', /\/services\/Soap/)).toBe(1);
    });

    it('a re-run that asks to merge into another account than the conversion made fails and changes nothing', async () => {
        const lead = await newLead();
        await run('convert-lead', { recordId: lead });
        const other = String(e.org.list('Account')[0]?.['Id']);
        const before = counts();
        const again = await run('convert-lead', { recordId: lead, accountId: other });
        expect(again.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: ['accountId'] });
        expect(counts()).toEqual(before);
    });
});

describe('convert-lead and lead processes', () => {
    const partnerType = () => String(e.org.list('RecordType').find((r) => r['SobjectType'] === 'Lead' && r['DeveloperName'] === 'Partner')?.['Id']);

    it("the UI API gives the record type's Status values with their converted attribute; the master record type gives every status", async () => {
        const get = async (rt: string) =>
            (await fetch(`${e.url}/services/data/v66.0/ui-api/object-info/Lead/picklist-values/${rt}/Status`, { headers: { Authorization: `Bearer ${e.accessToken}` } })).json() as Promise<any>;
        const partner = await get(partnerType());
        expect(partner.values.map((v: any) => [v.value, v.attributes.converted])).toEqual([
            ['Open - Not Contacted', false],
            ['Working - Contacted', false],
            ['Partner Converted', true]
        ]);
        expect(partner.values[2]).toMatchObject({ label: 'Converted (partner)', validFor: [], attributes: { picklistAtrributesValueType: 'LeadStatus' } });
        expect(partner).toMatchObject({ controllerValues: {}, defaultValue: { value: 'Open - Not Contacted' }, eTag: expect.any(String) });
        const master = await get('012000000000000AAA');
        expect(master.values.map((v: any) => v.value)).toContain('Closed - Converted');
    });

    it("converts a partner lead with its process's converted status, a lead without a record type with the org's first", async () => {
        const partnerLead = (await run('create-lead', { lastName: 'Partner', company: 'Channel Co', customFields: { RecordTypeId: partnerType() } })).output as { recordId: string };
        const converted = await run('convert-lead', { recordId: partnerLead.recordId, doNotCreateOpportunity: true });
        expect(converted.output).toMatchObject({ convertedStatus: 'Partner Converted', alreadyConverted: false });
        expect(e.org.get(partnerLead.recordId)).toMatchObject({ IsConverted: true, Status: 'Partner Converted' });

        const plain = (await run('create-lead', { lastName: 'Plain', company: 'Direct Co' })).output as { recordId: string };
        expect((await run('convert-lead', { recordId: plain.recordId, doNotCreateOpportunity: true })).output).toMatchObject({ convertedStatus: 'Closed - Converted' });
    });

    it("refuses a converted status of the org that the lead's process does not offer, before converting; Salesforce (the emulator) refuses it too", async () => {
        const lead = (await run('create-lead', { lastName: 'Partner', company: 'Channel Two', customFields: { RecordTypeId: partnerType() } })).output as { recordId: string };
        const refused = await run('convert-lead', { recordId: lead.recordId, convertedStatus: 'Closed - Converted' });
        expect(refused.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(refused.error?.payload.message).toContain('(API values: "Partner Converted")');
        expect(executed('POST', /\/services\/Soap/)).toBe(0);

        const envelope =
            '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">' +
            `<soapenv:Header><urn:SessionHeader><urn:sessionId>${e.accessToken}</urn:sessionId></urn:SessionHeader></soapenv:Header>` +
            `<soapenv:Body><urn:convertLead><urn:leadConverts><urn:convertedStatus>Closed - Converted</urn:convertedStatus><urn:leadId>${lead.recordId}</urn:leadId></urn:leadConverts></urn:convertLead></soapenv:Body></soapenv:Envelope>`;
        const soap = await (await fetch(`${e.url}${SOAP}`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: '""' }, body: envelope })).text();
        expect(soap).toContain('<statusCode>INVALID_STATUS</statusCode>');
        expect(soap).toContain('invalid convertedStatus: Closed - Converted');
        expect(e.org.get(lead.recordId)).toMatchObject({ IsConverted: false });
    });
});

describe('close-opportunity re-run after a lost answer', () => {
    async function openOpportunity(): Promise<string> {
        const created = await run('create-opportunity', { name: 'Rerun deal', stageName: 'Prospecting', closeDate: '2026-09-30' });
        return (created.output as { recordId: string }).recordId;
    }

    it('PATCH committed, the answer and the read-back lost: the run fails, the re-run finds it closed and writes nothing', async () => {
        const opp = await openOpportunity();
        e.resetStats();
        e.faults.inject({ match: { method: 'PATCH', path: `/sobjects/Opportunity/${opp}` }, times: 1, fault: DROP_AFTER });
        // the opportunity is read before the PATCH and again after the lost answer: drop that second read
        e.faults.inject({ match: { method: 'GET', path: `/sobjects/Opportunity/${opp}`, nth: 2 }, times: READ_DROPS, fault: { kind: 'drop' } });
        const input = { recordId: opp, outcome: 'won', amount: 9000, reason: 'Signed', reasonField: 'Description' };
        const first = await run('close-opportunity', input);
        expect(first.error?.payload).toMatchObject({ type: LOST });
        expect(e.org.get(opp)).toMatchObject({ StageName: 'Closed Won', IsWon: true, Amount: 9000, Description: 'Signed' });
        expect(executed('PATCH', /\/sobjects\/Opportunity\//)).toBe(1);
        const modified = e.org.get(opp)?.['SystemModstamp'];

        e.faults.clear();
        e.resetStats();
        const again = await run('close-opportunity', input);
        expect(again.output).toMatchObject({ recordId: opp, stageName: 'Closed Won', isWon: true, alreadyClosed: true, closeDate: e.org.get(opp)?.['CloseDate'] });
        expect(executed('PATCH', /\/sobjects\/Opportunity\//)).toBe(0);
        expect(executed('GET', /\/oauth2\/userinfo/)).toBe(0);
        expect(e.org.get(opp)?.['SystemModstamp']).toBe(modified);
    });

    it('PATCH committed and only its answer lost: the same run reads back, succeeds, and the PATCH ran once', async () => {
        const opp = await openOpportunity();
        e.resetStats();
        e.faults.inject({ match: { method: 'PATCH', path: `/sobjects/Opportunity/${opp}` }, times: 1, fault: DROP_AFTER });
        const result = await run('close-opportunity', { recordId: opp, outcome: 'lost', closeDate: '2026-08-01' });
        expect(result.output).toMatchObject({ stageName: 'Closed Lost', isWon: false, closeDate: '2026-08-01', alreadyClosed: false });
        expect(executed('PATCH', /\/sobjects\/Opportunity\//)).toBe(1);
        expect(e.org.get(opp)).toMatchObject({ StageName: 'Closed Lost', CloseDate: '2026-08-01' });
    });

    it('a PATCH refused with 503 (not executed) is sent again after the read-back shows it missing', async () => {
        const opp = await openOpportunity();
        e.resetStats();
        e.faults.inject({ match: { method: 'PATCH', path: `/sobjects/Opportunity/${opp}` }, times: 1, fault: { kind: 'status', status: 503 } });
        const result = await run('close-opportunity', { recordId: opp, outcome: 'won', closeDate: '2026-08-02' });
        expect(result.output).toMatchObject({ stageName: 'Closed Won', alreadyClosed: false });
        expect(e.org.get(opp)).toMatchObject({ StageName: 'Closed Won', CloseDate: '2026-08-02' });
    });
});
