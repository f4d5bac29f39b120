/**
 * The syncs through their compiled bundles against the emulator: full and incremental runs, ties across page
 * boundaries, resume after a crash, deletes, API calls per page, and records-by-soql's query handling.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../emulator/src/index.js';
import { RecordCache, runFunction } from './runtime.js';
import { syncHarness } from './sync-harness.js';

// several tests here expect a run to fail: the harness checks records, not errors
const { start, sync, ids: live } = syncHarness({ seed: 11 }, false);

const ids = (records: Array<{ id: string }> | undefined) => (records ?? []).map((r) => r.id);
const queryCalls = (e: EmulatorHandle) => Object.entries(e.stats().byEndpoint).filter(([k]) => /\/query/.test(k)).reduce((n, [, v]) => n + v, 0);

describe('record syncs', () => {
    it.each([
        ['accounts', 'Account', 'SalesforceAccount'],
        ['contacts', 'Contact', 'SalesforceContact'],
        ['leads', 'Lead', 'SalesforceLead'],
        ['opportunities', 'Opportunity', 'SalesforceOpportunity'],
        ['cases', 'Case', 'SalesforceCase'],
        ['tasks', 'Task', 'SalesforceTask'],
        ['users', 'User', 'SalesforceUser']
    ])('%s: a full run saves exactly the live %s records in ceil(N/page) query pages', async (name, type, model) => {
        const e = await start({ volume: 450, pageSize: 200 });
        e.resetStats();
        const result = await sync(name);
        expect(result.error).toBeUndefined();
        const saved = ids(result.saved[model]);
        expect(saved.slice().sort()).toEqual(live(type));
        expect(new Set(saved).size).toBe(saved.length);
        expect(queryCalls(e)).toBe(Math.ceil(live(type).length / 200));
        expect(result.checkpoint).toMatchObject({ initial_load_done: true });
    });

    it('an incremental run saves only what changed and removes what was deleted, in one queryAll pass', async () => {
        const e = await start({ volume: 60 });
        const first = await sync('accounts');
        const [a, b, c] = e.org.list('Account') as Array<Record<string, any>>;
        e.org.update('Account', a?.['Id'], { Industry: 'Banking' });
        e.org.delete('Account', b?.['Id']);
        e.resetStats();
        const second = await sync('accounts', { checkpoint: first.checkpoint });
        expect(ids(second.saved['SalesforceAccount'])).toEqual([a?.['Id']]);
        expect(second.saved['SalesforceAccount']?.[0]).toMatchObject({ industry: 'Banking' });
        expect(ids(second.deleted['SalesforceAccount'])).toEqual([b?.['Id']]);
        // one describe decides the SELECT, getUpdated says how far changes are committed, one queryAll page reads changes and deletes
        expect(e.stats().byEndpoint).toEqual({ 'GET /sobjects/Account/describe': 1, 'GET /sobjects/Account/updated': 1, 'GET /queryAll': 1 });
        expect(c).toBeDefined();
        const third = await sync('accounts', { checkpoint: second.checkpoint });
        expect(third.saved['SalesforceAccount'] ?? []).toEqual([]);
    });

    it('5,000 contacts sharing one SystemModstamp across 200-record pages: none skipped, none saved twice', async () => {
        const e = await start({ volume: { Contact: 5000, default: 5 }, pageSize: 200 });
        const tie = new Date(Date.now() - 3_600_000).toISOString();
        for (const contact of e.org.list('Contact')) e.org.setSystemModstamp(String(contact['Id']), tie);
        const result = await sync('contacts');
        const saved = ids(result.saved['SalesforceContact']);
        expect(saved.length).toBe(5000);
        expect(new Set(saved).size).toBe(5000);
        expect(saved.slice().sort()).toEqual(live('Contact'));
    });

    it('a run that crashes on page 3 resumes at page 4 and ends with exactly the org records', async () => {
        const e = await start({ volume: { Contact: 1000, default: 5 }, pageSize: 200 });
        const tie = new Date(Date.now() - 3_600_000).toISOString();
        const contacts = e.org.list('Contact');
        contacts.slice(300, 700).forEach((c) => e.org.setSystemModstamp(String(c['Id']), tie));
        const crashed = await sync('contacts', { failOnSaveCall: 3 });
        expect(crashed.error?.message).toContain('injected failure');
        const before = ids(crashed.saved['SalesforceContact']);
        expect(before.length).toBe(400);
        e.resetStats();
        const resumed = await sync('contacts', { checkpoint: crashed.checkpoint });
        const after = ids(resumed.saved['SalesforceContact']);
        expect(after.length).toBe(600);
        expect(new Set([...before, ...after]).size).toBe(1000);
        expect([...before, ...after].sort()).toEqual(live('Contact'));
        expect(queryCalls(e)).toBe(3);
    });

    it('a deactivated user is updated with is_active false, never deleted', async () => {
        const e = await start({ volume: 20 });
        const first = await sync('users');
        const user = (e.org.list('User') as Array<Record<string, any>>).find((u, i) => i > 0 && u['IsActive'] === true);
        e.org.update('User', user?.['Id'], { IsActive: false });
        const second = await sync('users', { checkpoint: first.checkpoint });
        expect(second.saved['SalesforceUser']).toEqual([expect.objectContaining({ id: user?.['Id'], is_active: false })]);
        expect(second.deleted['SalesforceUser'] ?? []).toEqual([]);
    });

    it('a lead converted between runs is saved again with is_converted true and what it became, never deleted', async () => {
        const e = await start({ volume: 20 });
        const first = await sync('leads');
        const lead = (e.org.list('Lead') as Array<Record<string, any>>).find((l) => l['IsConverted'] !== true);
        // the conversion is stamped after the first run's upper bound
        await new Promise((resolve) => setTimeout(resolve, 5));
        const converted = await runFunction('convert-lead', { hostport: e.url, connectionId: e.connectionId, validate: true, input: { recordId: lead?.['Id'] } });
        expect(converted.error).toBeUndefined();
        const made = converted.output as { accountId: string; contactId: string; opportunityId: string | null; convertedStatus: string };
        const second = await sync('leads', { checkpoint: first.checkpoint });
        expect(second.saved['SalesforceLead']).toEqual([
            expect.objectContaining({
                id: lead?.['Id'],
                is_converted: true,
                status: made.convertedStatus,
                converted_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
                converted_account_id: made.accountId,
                converted_contact_id: made.contactId,
                converted_opportunity_id: made.opportunityId
            })
        ]);
        expect(second.deleted['SalesforceLead'] ?? []).toEqual([]);
    });

    it('extra fields from metadata arrive in custom_fields; an unknown one is null with one warning; a hostile one is refused', async () => {
        const e = await start({ volume: 10 });
        const result = await sync('accounts', { metadata: { extraFields: { Account: ['AccountNumber', 'Owner.Email'] } } });
        expect(result.error).toBeUndefined();
        expect(Object.keys(result.saved['SalesforceAccount']?.[0]?.custom_fields ?? {})).toEqual(['AccountNumber', 'Owner.Email']);
        const bad = await sync('accounts', { metadata: { extraFields: { Account: ['No_Such_Field__c'] } } });
        expect(bad.error).toBeUndefined();
        expect(bad.saved['SalesforceAccount']).toHaveLength(e.org.count('Account'));
        expect(bad.saved['SalesforceAccount']?.every((a: { custom_fields: Record<string, unknown> }) => a.custom_fields['No_Such_Field__c'] === null)).toBe(true);
        expect(bad.logs.filter((l) => l.includes('Account.No_Such_Field__c'))).toHaveLength(1);
        const hostile = await sync('accounts', { metadata: { extraFields: { Account: ['Name FROM User'] } } });
        expect(hostile.error?.message).toMatch(/Invalid sync configuration/);
    });
});

describe('records-by-soql', () => {
    it('syncs the rows of a query with OR and relationship fields, cursor merged into its WHERE', async () => {
        const e = await start({ volume: 80, pageSize: 200 });
        const soqlQuery = "SELECT Name, Amount__c, Account__r.Name FROM Invoice__c WHERE Status__c = 'Paid' OR Amount__c > 5000";
        const result = await sync('records-by-soql', { metadata: { soqlQuery } });
        expect(result.error).toBeUndefined();
        const expected = (e.org.list('Invoice__c') as Array<Record<string, any>>).filter((r) => r['Status__c'] === 'Paid' || Number(r['Amount__c']) > 5000);
        const saved = result.saved['SalesforceSoqlRecord'] ?? [];
        expect(ids(saved).sort()).toEqual(expected.map((r) => String(r['Id'])).sort());
        expect(saved[0]).toMatchObject({ sobject_type: 'Invoice__c', fields: { Name: expect.any(String) } });
        expect(Object.keys(saved[0]?.fields ?? {})).toEqual(expect.arrayContaining(['Id', 'Name', 'Amount__c', 'Account__r', 'SystemModstamp']));
        const log = e.stats().log.find((l) => l.kind === 'salesforce' && l.path.includes('queryAll'));
        const sent = decodeURIComponent(log?.path.replace(/\+/g, ' ') ?? '');
        expect(sent.match(/ WHERE /g)).toHaveLength(1);
        expect(sent).toContain("((Status__c = 'Paid' OR Amount__c > 5000)) AND (IsDeleted = false)");
        expect(sent).toMatch(/ORDER BY SystemModstamp ASC, Id ASC$/);
    });

    it.each([
        ['ORDER BY', 'SELECT Id FROM Invoice__c ORDER BY Name', /ORDER BY/],
        ['LIMIT', 'SELECT Id FROM Invoice__c LIMIT 10', /LIMIT/],
        ['an aggregate', 'SELECT COUNT(Id) FROM Invoice__c', /aggregate/],
        ['two objects', 'SELECT Id FROM Invoice__c, Account', /single object/],
        ['a second statement', "SELECT Id FROM Invoice__c WHERE Name = 'a'; DELETE", /single statement/],
        ['no metadata', undefined, /needs metadata.soqlQuery/]
    ])('refuses a query with %s, with a clear error and no API call', async (_label, soqlQuery, message) => {
        const e = await start({ volume: 5 });
        e.resetStats();
        const result = await sync('records-by-soql', { metadata: soqlQuery ? { soqlQuery } : {} });
        expect(result.error?.message).toMatch(message);
        expect(e.stats().calls).toBe(0);
    });

    it('a changed query re-reads every row and removes the rows of the old query', async () => {
        const e = await start({ volume: 30 });
        const cache = new RecordCache();
        const first = await sync('records-by-soql', { cache, metadata: { soqlQuery: "SELECT Name FROM Invoice__c WHERE Status__c = 'Paid'" } });
        const paid = e.org.list('Invoice__c').filter((r) => r['Status__c'] === 'Paid');
        expect(cache.ids('SalesforceSoqlRecord')).toEqual(paid.map((r) => String(r['Id'])).sort());
        const second = await sync('records-by-soql', { cache, metadata: { soqlQuery: "SELECT Name, Amount__c FROM Invoice__c WHERE Status__c != 'Paid'" }, checkpoint: first.checkpoint });
        expect(second.logs.join('\n')).toContain('re-reading every record');
        const unpaid = e.org.list('Invoice__c').filter((r) => r['Status__c'] !== 'Paid');
        expect(cache.ids('SalesforceSoqlRecord')).toEqual(unpaid.map((r) => String(r['Id'])).sort());
        expect([...(cache.records.get('SalesforceSoqlRecord')?.values() ?? [])].every((r) => 'Amount__c' in (r['fields'] as object))).toBe(true);
        expect(second.checkpoint).toMatchObject({ reread_active: false, initial_load_done: true });
        const third = await sync('records-by-soql', { cache, metadata: { soqlQuery: "SELECT Name, Amount__c FROM Invoice__c WHERE Status__c != 'Paid'" }, checkpoint: second.checkpoint });
        expect(third.saved['SalesforceSoqlRecord'] ?? []).toEqual([]);
    });
});

describe('tickets', () => {
    const conversationOf = (e: EmulatorHandle, caseId: string) =>
        [...e.org.list('CaseComment'), ...e.org.list('EmailMessage')].filter((c) => c['ParentId'] === caseId).map((c) => String(c['Id'])).sort();

    it('a full run saves every case with all its comments and emails, one query page per page of cases', async () => {
        const e = await start({ volume: { Case: 300, CaseComment: 500, EmailMessage: 400, default: 10 }, pageSize: 200 });
        e.resetStats();
        const result = await sync('tickets');
        expect(result.error).toBeUndefined();
        const tickets = result.saved['SalesforceTicket'] ?? [];
        expect(ids(tickets).sort()).toEqual(live('Case'));
        for (const ticket of tickets.slice(0, 50)) {
            expect(ticket.conversation.map((m: { id: string }) => m.id).sort()).toEqual(conversationOf(e, ticket.id));
        }
        // 2 pages of cases, plus one (empty) page for each of the comment and email passes
        expect(queryCalls(e)).toBe(2 + 2);
    });

    it('a new comment or email on an old case brings that case back, once, in the next run', async () => {
        const e = await start({ volume: { Case: 50, CaseComment: 40, EmailMessage: 40, default: 5 } });
        const first = await sync('tickets');
        const [old1, old2] = e.org.list('Case') as Array<Record<string, any>>;
        const stamp1 = old1?.['SystemModstamp'];
        e.org.insert('CaseComment', { ParentId: old1?.['Id'], CommentBody: 'Any news?', IsPublished: true });
        e.org.insert('CaseComment', { ParentId: old1?.['Id'], CommentBody: 'Second nudge', IsPublished: false });
        e.org.insert('EmailMessage', { ParentId: old1?.['Id'], Subject: 'Re: case', TextBody: 'Following up', FromAddress: 'customer@example.com', Incoming: true, Status: '0' });
        e.org.insert('EmailMessage', { ParentId: old2?.['Id'], Subject: 'Hello', TextBody: 'New thread', FromAddress: 'other@example.com', Incoming: true, Status: '0' });
        expect(e.org.get(String(old1?.['Id']))?.['SystemModstamp']).toBe(stamp1);
        const second = await sync('tickets', { checkpoint: first.checkpoint });
        const saved = second.saved['SalesforceTicket'] ?? [];
        expect(ids(saved).sort()).toEqual([old1?.['Id'], old2?.['Id']].sort());
        const ticket = saved.find((t) => t.id === old1?.['Id']);
        expect(ticket.conversation.map((m: { body: string }) => m.body)).toEqual(expect.arrayContaining(['Any news?', 'Second nudge', 'Following up']));
        expect(ticket.conversation.find((m: { body: string }) => m.body === 'Second nudge')).toMatchObject({ type: 'comment', is_public: false });
        const third = await sync('tickets', { checkpoint: second.checkpoint });
        expect(third.saved['SalesforceTicket'] ?? []).toEqual([]);
    });

    it('a case that changed itself and got a comment is saved once in the run', async () => {
        const e = await start({ volume: { Case: 20, default: 5 } });
        const first = await sync('tickets');
        const kase = e.org.list('Case')[3] as Record<string, any>;
        e.org.update('Case', kase['Id'], { Priority: 'High' });
        e.org.insert('CaseComment', { ParentId: kase['Id'], CommentBody: 'Escalating', IsPublished: true });
        const second = await sync('tickets', { checkpoint: first.checkpoint });
        expect(ids(second.saved['SalesforceTicket'])).toEqual([kase['Id']]);
    });
});

describe('articles', () => {
    it('saves one record per online article in the chosen language, with body fields from Knowledge__kav', async () => {
        const e = await start({ volume: { Knowledge__kav: 30, default: 5 } });
        const rows = e.org.list('Knowledge__kav').filter((r) => r['PublishStatus'] === 'Online' && r['Language'] === 'en_US');
        const result = await sync('articles', { metadata: { articleBodyFields: ['Answer__c'] } });
        expect(result.error).toBeUndefined();
        const saved = result.saved['SalesforceArticle'] ?? [];
        expect(ids(saved).sort()).toEqual([...new Set(rows.map((r) => String(r['KnowledgeArticleId'])))].sort());
        expect(saved.every((a) => a.publish_status === 'Online' && a.language === 'en_US')).toBe(true);
        expect(Object.keys(saved[0]?.body ?? {})).toEqual(['Answer__c']);
        const french = await sync('articles', { metadata: { articleLanguage: 'fr' } });
        expect((french.saved['SalesforceArticle'] ?? []).every((a) => a.language === 'fr')).toBe(true);
    });

    it('an org without Knowledge fails the run with an error saying what to enable, and nothing saved', async () => {
        await start({ knowledge: false, volume: 5 });
        const result = await sync('articles');
        expect(result.error?.message).toMatch(/Setup → Knowledge Settings.*Knowledge User checkbox/);
        expect(result.saved['SalesforceArticle'] ?? []).toEqual([]);
    });
});

describe('quota and reconciliation', () => {
    it('stops cleanly at the API usage threshold, checkpoint saved, and the next run continues', async () => {
        const e = await start({ volume: { Contact: 2000, default: 5 }, pageSize: 200, apiBudget: 1000 });
        const cache = new RecordCache();
        e.setApiUsage(795);
        const first = await sync('contacts', { cache });
        expect(first.error).toBeUndefined();
        expect(first.logs.join('\n')).toMatch(/stopping early: the org has used 800 of 1000 .*80% threshold/);
        // the describe, getUpdated, the record count (for the Bulk API choice) and two pages take usage from 795 to 800: the run stops there
        expect(cache.ids('SalesforceContact')).toHaveLength(400);
        expect(first.checkpoint).toMatchObject({ initial_load_done: false });
        e.setApiUsage(0);
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint });
        expect(second.logs.join('\n')).not.toMatch(/stopping early/);
        expect(cache.ids('SalesforceContact')).toEqual(live('Contact'));
        expect(cache.savedTwice('SalesforceContact')).toEqual([]);
    });

    it('ends the run cleanly when Salesforce answers REQUEST_LIMIT_EXCEEDED', async () => {
        const e = await start({ volume: 30, apiBudget: 100 });
        e.setApiUsage(100);
        const result = await sync('accounts');
        expect(result.error).toBeUndefined();
        expect(result.logs.join('\n')).toMatch(/stopping early/);
    });

    it('a weekly reconciliation removes records purged from the Recycle Bin, which queryAll never shows', async () => {
        const e = await start({ volume: 80, pageSize: 200 });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        const purged = e.org.list('Account').slice(0, 3).map((a) => String(a['Id']));
        purged.forEach((id) => e.org.hardDelete(id));
        const changed = String(e.org.list('Account')[10]?.['Id']);
        e.org.update('Account', changed, { Industry: 'Energy' });

        const notDue = await sync('accounts', { cache, checkpoint: first.checkpoint });
        expect(cache.ids('SalesforceAccount')).toEqual(expect.arrayContaining(purged));

        const due = { ...(notDue.checkpoint ?? {}), reconciled_at: '2000-01-01T00:00:00.000Z' };
        e.org.update('Account', changed, { Industry: 'Retail' });
        const reconciled = await sync('accounts', { cache, checkpoint: due });
        expect(reconciled.error).toBeUndefined();
        expect(cache.ids('SalesforceAccount')).toEqual(live('Account'));
        expect(cache.savedTwice('SalesforceAccount')).toEqual([]);
        expect(reconciled.checkpoint).toMatchObject({ cursor_id: changed });
        // the last reconciliation is older than the delete log: the ids are compared, ids only
        expect(reconciled.logs.join('\n')).toMatch(/reconciliation done through comparing 77 ids with the records Nango holds; 3 records/);
        expect(e.stats().log.filter((l) => l.kind === 'salesforce' && decodeURIComponent(l.path).replace(/\+/g, ' ').includes('SELECT Id, SystemModstamp FROM Account')).length).toBe(1);
    });
});

describe('Bulk API 2.0 first load', () => {
    it('loads a large object through one job, then reads changes through the REST cursor', async () => {
        const e = await start({ volume: { Contact: 3000, default: 5 }, pageSize: 500 });
        const cache = new RecordCache();
        const first = await sync('contacts', { cache, metadata: { bulkThreshold: 1000 } });
        expect(first.error).toBeUndefined();
        expect(e.stats().byEndpoint['POST /jobs/query']).toBe(1);
        expect(cache.ids('SalesforceContact')).toEqual(live('Contact'));
        expect(first.checkpoint).toMatchObject({ initial_load_done: true, bulk_job_id: '' });
        const saved = cache.records.get('SalesforceContact')?.get(String(e.org.list('Contact')[0]?.['Id']));
        expect(saved).toMatchObject({ id: expect.any(String), last_name: expect.any(String), mailing_address: expect.any(Object) });

        const changed = String(e.org.list('Contact')[7]?.['Id']);
        e.org.update('Contact', changed, { Title: 'After bulk' });
        e.resetStats();
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { bulkThreshold: 1000 } });
        expect(second.saved['SalesforceContact']?.map((c) => c.id)).toEqual([changed]);
        expect(e.stats().byEndpoint['POST /jobs/query']).toBeUndefined();
    });

    it('falls back to REST when the record count is not available', async () => {
        const e = await start({ volume: { Contact: 300, default: 5 } });
        e.faults.inject({ match: { path: '/limits/recordCount' }, times: 1, fault: { kind: 'error', errorCode: 'NOT_FOUND', status: 404 } });
        const result = await sync('contacts', { metadata: { bulkThreshold: 10 } });
        expect(result.error).toBeUndefined();
        expect(result.saved['SalesforceContact']).toHaveLength(300);
        expect(result.logs.join('\n')).toMatch(/no record count for Contact/);
    });
});
