/**
 * The syncs against the hard org, through their compiled bundles: one record format whichever API read it (Bulk
 * API 2.0 or REST), settings changes that reach every row, and objects that lack what a sync assumes.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../emulator/src/index.js';
import { RecordCache, runFunction } from './runtime.js';
import { syncHarness } from './sync-harness.js';

const { start, sync, ids } = syncHarness({ seed: 23 });
const byId = (records: Array<{ id: string }> | undefined) => JSON.stringify([...(records ?? [])].sort((a, b) => a.id.localeCompare(b.id)));

describe('one record format', () => {
    it('the same contacts loaded through Bulk API 2.0 and through REST are saved byte-identical', async () => {
        const e = await start({ volume: { Contact: 1200, Account: 40, default: 5 }, pageSize: 500 });
        // empty lookups, numbers and dates through relationship paths, booleans and date-times in custom_fields
        const contacts = e.org.list('Contact');
        for (const contact of contacts.slice(0, 50)) e.org.update('Contact', String(contact['Id']), { AccountId: null });
        const extraFields = { Contact: ['HasOptedOutOfEmail', 'Account.CreatedDate', 'Account.NumberOfEmployees', 'Account.LastActivityDate', 'Account.Owner.Name', 'CreatedBy.Name', 'Salutation'] };
        const bulk = await sync('contacts', { metadata: { bulkThreshold: 1000, extraFields } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBe(1);
        e.resetStats();
        const rest = await sync('contacts', { metadata: { bulkThreshold: 0, extraFields } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBeUndefined();

        expect(bulk.saved['SalesforceContact']).toHaveLength(contacts.length);
        expect(byId(bulk.saved['SalesforceContact'])).toBe(byId(rest.saved['SalesforceContact']));
        const sample = rest.saved['SalesforceContact']?.find((c) => c.account_id !== null);
        expect(typeof sample?.custom_fields['Account.NumberOfEmployees']).toBe('number');
        expect(typeof sample?.custom_fields['HasOptedOutOfEmail']).toBe('boolean');
        expect(sample?.created_date).toMatch(/\.\d{3}Z$/);
        const orphan = rest.saved['SalesforceContact']?.find((c) => c.account_id === null);
        expect(orphan?.custom_fields['Account.NumberOfEmployees']).toBeNull();
    });

    it('records-by-soql rows read by Bulk and by REST are identical, nested relationship objects included', async () => {
        const e = await start({ volume: { Invoice__c: 900, default: 10 }, pageSize: 400 });
        for (const invoice of e.org.list('Invoice__c').slice(0, 20)) e.org.update('Invoice__c', String(invoice['Id']), { Account__c: null });
        const soqlQuery = 'SELECT Name, Amount__c, Paid__c, Due_Date__c, CreatedDate, Account__r.Name, Account__r.NumberOfEmployees FROM Invoice__c';
        const bulk = await sync('records-by-soql', { metadata: { soqlQuery, bulkThreshold: 500 } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBe(1);
        const rest = await sync('records-by-soql', { metadata: { soqlQuery, bulkThreshold: 0 } });
        expect(byId(bulk.saved['SalesforceSoqlRecord'])).toBe(byId(rest.saved['SalesforceSoqlRecord']));
        const rows = rest.saved['SalesforceSoqlRecord'] ?? [];
        expect(rows.some((r) => r.fields.Account__r === null)).toBe(true);
        const linked = rows.find((r) => r.fields.Account__r !== null);
        expect(linked?.fields).toMatchObject({ Amount__c: expect.any(Number), Paid__c: expect.any(Boolean), Account__r: { Name: expect.any(String) } });
        expect(linked?.fields.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });
});

describe('settings changes reach every row', () => {
    it('adding extraFields re-reads every account once: afterwards every record carries the new field', async () => {
        const e = await start({ volume: { Account: 300, default: 5 }, pageSize: 200 });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        expect(Object.keys([...(cache.records.get('SalesforceAccount')?.values() ?? [])][0]?.['custom_fields'] as object)).toEqual([]);
        const second = await sync('accounts', { cache, checkpoint: first.checkpoint, metadata: { extraFields: { Account: ['AccountNumber'] } } });
        expect(second.logs.join('\n')).toContain('re-reading every record');
        const records = [...(cache.records.get('SalesforceAccount')?.values() ?? [])];
        expect(records).toHaveLength(e.org.count('Account'));
        expect(records.every((r) => 'AccountNumber' in (r['custom_fields'] as object))).toBe(true);
        expect(cache.savedTwice('SalesforceAccount')).toEqual([]);
        // the next run with the same settings is incremental again
        const third = await sync('accounts', { cache, checkpoint: second.checkpoint, metadata: { extraFields: { Account: ['AccountNumber'] } } });
        expect(third.saved['SalesforceAccount'] ?? []).toEqual([]);
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
    });

    it('a re-read stopped by the quota goes on in the next run and closes its window only when complete', async () => {
        const e = await start({ volume: { Contact: 1000, default: 5 }, pageSize: 200, apiBudget: 1000 });
        const cache = new RecordCache();
        const first = await sync('contacts', { cache });
        const gone = String(e.org.list('Contact')[0]?.['Id']);
        e.org.hardDelete(gone);
        e.setApiUsage(795);
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { extraFields: { Contact: ['Salutation'] } } });
        expect(second.logs.join('\n')).toMatch(/stopping early/);
        expect(second.checkpoint).toMatchObject({ reread_active: true, initial_load_done: false });
        // the purged contact stays until the re-read is complete
        expect(cache.ids('SalesforceContact')).toContain(gone);
        e.setApiUsage(0);
        const third = await sync('contacts', { cache, checkpoint: second.checkpoint, metadata: { extraFields: { Contact: ['Salutation'] } } });
        expect(third.checkpoint).toMatchObject({ reread_active: false, initial_load_done: true });
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
        expect([...(cache.records.get('SalesforceContact')?.values() ?? [])].every((r) => 'Salutation' in (r['custom_fields'] as object))).toBe(true);
    });
});

/** Fields hidden from the connected user on every synced object, and the model property each fills. */
const HIDDEN: Array<{ sync: string; model: string; sObject: string; fields: string[]; check: (record: any) => unknown[]; metadata?: Record<string, unknown>; expected?: (e: EmulatorHandle) => string[] }> = [
    { sync: 'accounts', model: 'SalesforceAccount', sObject: 'Account', fields: ['AnnualRevenue', 'Description'], check: (r) => [r.annual_revenue, r.description] },
    { sync: 'contacts', model: 'SalesforceContact', sObject: 'Contact', fields: ['Birthdate', 'Department'], check: (r) => [r.birthdate, r.department] },
    { sync: 'leads', model: 'SalesforceLead', sObject: 'Lead', fields: ['Title', 'Description'], check: (r) => [r.title, r.description] },
    { sync: 'opportunities', model: 'SalesforceOpportunity', sObject: 'Opportunity', fields: ['Description', 'NextStep'], check: (r) => [r.description, r.next_step] },
    { sync: 'cases', model: 'SalesforceCase', sObject: 'Case', fields: ['Description', 'Reason'], check: (r) => [r.description, r.reason] },
    { sync: 'users', model: 'SalesforceUser', sObject: 'User', fields: ['Department', 'Title'], check: (r) => [r.department, r.title] },
    { sync: 'tasks', model: 'SalesforceTask', sObject: 'Task', fields: ['Description', 'ActivityDate'], check: (r) => [r.description, r.due_date] },
    { sync: 'campaigns', model: 'SalesforceCampaign', sObject: 'Campaign', fields: ['ActualCost', 'Description'], check: (r) => [r.actual_cost, r.description] },
    { sync: 'campaign-members', model: 'SalesforceCampaignMember', sObject: 'CampaignMember', fields: ['Email', 'Phone'], check: (r) => [r.email, r.phone] },
    { sync: 'events', model: 'SalesforceEvent', sObject: 'Event', fields: ['Location', 'Description'], check: (r) => [r.location, r.description] },
    { sync: 'opportunity-line-items', model: 'SalesforceOpportunityLineItem', sObject: 'OpportunityLineItem', fields: ['Discount', 'Description'], check: (r) => [r.discount_percent, r.description] },
    {
        // DataType hidden: the values are typed from the parent's describe instead
        sync: 'field-history',
        model: 'SalesforceFieldHistory',
        sObject: 'OpportunityFieldHistory',
        fields: ['DataType'],
        check: (r) => [r.data_type, ...(r.field === 'Amount' && r.new_value !== null && typeof r.new_value !== 'number' ? ['untyped'] : [])],
        metadata: { fieldHistoryObjects: ['OpportunityFieldHistory'] },
        expected: (e) => e.org.list('OpportunityFieldHistory').map((r) => String(r['Id'])).sort()
    },
    { sync: 'tickets', model: 'SalesforceTicket', sObject: 'Case', fields: ['Description', 'Reason'], check: (r) => [r.description, r.reason, ...r.conversation.filter((m: any) => m.type === 'email').map((m: any) => m.body)] },
    {
        sync: 'articles',
        model: 'SalesforceArticle',
        sObject: 'Knowledge__kav',
        fields: ['Summary'],
        check: (r) => [r.summary],
        metadata: { articleBodyFields: ['Answer__c'] },
        expected: (e) => [...new Set(e.org.list('Knowledge__kav').filter((a) => a['PublishStatus'] === 'Online' && a['Language'] === 'en_US').map((a) => String(a['KnowledgeArticleId'])))].sort()
    },
    {
        sync: 'records-by-soql',
        model: 'SalesforceSoqlRecord',
        sObject: 'Invoice__c',
        fields: ['Description__c'],
        check: (r) => [r.fields.Description__c ?? null],
        metadata: { soqlQuery: 'SELECT Name, Amount__c, Description__c, Account__r.Name FROM Invoice__c' }
    }
];
const HARD_HIDDEN = [...HIDDEN.flatMap((h) => h.fields.map((f) => `${h.sObject}.${f}`)), 'EmailMessage.TextBody', 'Knowledge__kav.Summary', 'Invoice__c.Description__c'];

describe('the hard org: restricted profile, multi-currency, queue owners', () => {
    const hardOrg = () => start({ volume: { default: 120, CaseComment: 150, EmailMessage: 150 }, pageSize: 200, traits: { hiddenFields: HARD_HIDDEN, multiCurrency: true, queueOwners: true } });

    it.each(HIDDEN)('$sync completes with exactly the org records, hidden fields null and one warning naming them', async ({ sync: name, model, sObject, fields, check, metadata, expected }) => {
        const e = await hardOrg();
        const cache = new RecordCache();
        const result = await sync(name, { cache, ...(metadata ? { metadata } : {}) });
        expect(cache.ids(model)).toEqual(expected ? expected(e) : ids(sObject));
        expect(cache.ids(model).length).toBeGreaterThan(0);
        expect(cache.savedTwice(model)).toEqual([]);
        const records = [...(cache.records.get(model)?.values() ?? [])];
        expect(records.every((r) => check(r).every((v) => v === null))).toBe(true);
        const warnings = result.logs.filter((l) => l.includes('cannot read'));
        expect(warnings.length).toBeGreaterThanOrEqual(1);
        expect(warnings.filter((l) => l.includes(`${sObject}.${fields[0]}`))).toHaveLength(1);
        for (const field of fields) expect(warnings.join('\n')).toContain(`${sObject}.${field}`);
        // nothing hidden was ever asked for
        const sent = e.stats().log.filter((l) => l.kind === 'salesforce').map((l) => decodeURIComponent(l.path.replace(/\+/g, ' ')));
        for (const field of fields) expect(sent.some((p) => new RegExp(`[ ,(]${field}[ ,]`).test(p) && p.includes(`FROM ${sObject === 'Case' ? 'Case' : sObject}`))).toBe(false);
        // a second run is incremental: nothing changed, nothing saved, the settings signature is stable
        const second = await sync(name, { cache, checkpoint: result.checkpoint, ...(metadata ? { metadata } : {}) });
        expect(second.saved[model] ?? []).toEqual([]);
    });

    it('multi-currency: accounts and opportunities carry each record\'s currency; queue-owned cases carry the queue name', async () => {
        const e = await hardOrg();
        const accounts = await sync('accounts');
        const byId = new Map(e.org.list('Account').map((a) => [String(a['Id']), a]));
        for (const account of accounts.saved['SalesforceAccount'] ?? []) expect(account.currency_iso_code).toBe(byId.get(account.id)?.['CurrencyIsoCode']);
        expect(new Set((accounts.saved['SalesforceAccount'] ?? []).map((a) => a.currency_iso_code)).size).toBeGreaterThan(1);
        const deals = await sync('opportunities');
        expect((deals.saved['SalesforceOpportunity'] ?? []).every((o) => typeof o.currency_iso_code === 'string')).toBe(true);
        const cases = await sync('cases');
        const queueIds = new Set(e.org.list('Group').map((g) => String(g['Id'])));
        const queued = (cases.saved['SalesforceCase'] ?? []).filter((c) => queueIds.has(c.owner_id));
        expect(queued.length).toBeGreaterThan(0);
        const names = new Map(e.org.list('Group').map((g) => [String(g['Id']), g['Name']]));
        for (const c of queued) expect(c.owner_name).toBe(names.get(c.owner_id));
    });

    it('multi-currency: leads carry each lead\'s currency', async () => {
        const e = await hardOrg();
        const leads = await sync('leads');
        const byId = new Map(e.org.list('Lead').map((l) => [String(l['Id']), l]));
        expect(leads.saved['SalesforceLead']).toHaveLength(byId.size);
        for (const lead of leads.saved['SalesforceLead'] ?? []) expect(lead.currency_iso_code).toBe(byId.get(lead.id)?.['CurrencyIsoCode']);
        expect(new Set((leads.saved['SalesforceLead'] ?? []).map((l) => l.currency_iso_code)).size).toBeGreaterThan(1);
    });

    it('records-by-soql with default settings on User (no IsDeleted) and on AccountHistory (no SystemModstamp)', async () => {
        const e = await hardOrg();
        const users = await sync('records-by-soql', { metadata: { soqlQuery: 'SELECT Id, Username, IsActive FROM User' } });
        expect((users.saved['SalesforceSoqlRecord'] ?? []).map((r) => r.id).sort()).toEqual(ids('User'));
        expect(users.saved['SalesforceSoqlRecord']?.[0]?.fields).toMatchObject({ Username: expect.any(String), IsActive: expect.any(Boolean) });
        const userQuery = e.stats().log.filter((l) => l.kind === 'salesforce' && /query/.test(l.path)).map((l) => decodeURIComponent(l.path.replace(/\+/g, ' ')));
        expect(userQuery.join('\n')).not.toContain('IsDeleted');
        // history rows respect the parent's field-level security: rows about a hidden Account field are not the user's
        const hiddenAccountFields = new Set(HARD_HIDDEN.filter((f) => f.startsWith('Account.')).map((f) => f.slice('Account.'.length)));
        const visibleHistory = () => (e.org.list('AccountHistory') as Array<Record<string, unknown>>).filter((r) => !hiddenAccountFields.has(String(r['Field']))).map((r) => String(r['Id'])).sort();
        expect(visibleHistory().length).toBeLessThan(e.org.count('AccountHistory'));
        const cache = new RecordCache();
        const history = await sync('records-by-soql', { cache, metadata: { soqlQuery: 'SELECT Id, AccountId, Field, OldValue, NewValue FROM AccountHistory' } });
        expect(cache.ids('SalesforceSoqlRecord')).toEqual(visibleHistory());
        expect(history.saved['SalesforceSoqlRecord']?.[0]?.system_modstamp).toMatch(/Z$/);
        // a tracked change written later is picked up by the CreatedDate cursor
        const account = e.org.list('Account')[3] as Record<string, unknown>;
        const historyBefore = e.org.count('AccountHistory');
        e.org.update('Account', String(account['Id']), { Industry: account['Industry'] === 'Banking' ? 'Energy' : 'Banking' });
        expect(e.org.count('AccountHistory')).toBeGreaterThan(historyBefore);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const next = await sync('records-by-soql', { cache, checkpoint: history.checkpoint, metadata: { soqlQuery: 'SELECT Id, AccountId, Field, OldValue, NewValue FROM AccountHistory' } });
        expect((next.saved['SalesforceSoqlRecord'] ?? []).length).toBe(e.org.count('AccountHistory') - historyBefore);
        expect(cache.ids('SalesforceSoqlRecord')).toEqual(visibleHistory());
    });

    it('a permission granted later: the next run re-reads every record and fills the field', async () => {
        const e = await hardOrg();
        const cache = new RecordCache();
        const first = await sync('contacts', { cache });
        expect([...(cache.records.get('SalesforceContact')?.values() ?? [])].every((c) => c['birthdate'] === null)).toBe(true);
        e.setFieldSecurity({ hiddenFields: HARD_HIDDEN.filter((f) => f !== 'Contact.Birthdate') });
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint });
        expect(second.logs.join('\n')).toContain('re-reading every record');
        const contacts = [...(cache.records.get('SalesforceContact')?.values() ?? [])];
        const withBirthdate = e.org.list('Contact').filter((c) => c['Birthdate']).length;
        expect(withBirthdate).toBeGreaterThan(0);
        expect(contacts.filter((c) => c['birthdate'] !== null)).toHaveLength(withBirthdate);
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
    });

    it('typed actions answer with hidden fields null instead of failing', async () => {
        const e = await hardOrg();
        const contact = e.org.list('Contact')[0] as Record<string, unknown>;
        e.resetStats();
        const got = await runFunction('get-contact', { hostport: e.url, connectionId: e.connectionId, validate: true, input: { recordId: contact['Id'] } });
        expect(got.error).toBeUndefined();
        expect(got.output).toMatchObject({ id: contact['Id'], birthdate: null, department: null });
        // the refused query, one describe, the query again (one call when every field is visible)
        expect(e.stats().byEndpoint).toEqual({ 'GET /queryAll': 2, 'GET /sobjects/Contact/describe': 1 });
        const listed = await runFunction('list-accounts', { hostport: e.url, connectionId: e.connectionId, validate: true, input: { limit: 5 } });
        expect(listed.error).toBeUndefined();
        expect((listed.output as { accounts: Array<Record<string, unknown>> }).accounts.every((a) => a['annualRevenue'] === null)).toBe(true);
    });
});
