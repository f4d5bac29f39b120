/**
 * The typed CRM actions through their compiled bundles against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    // the typed CRM lifecycle, not field-level security (tests/e2e/real-org.test.ts covers that): every field visible
    emulator = await startEmulator({ seed: 21, volume: 60, proxyRetryBaseMs: 1, traits: { hiddenFields: [] } });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;

describe('accounts', () => {
    it('create, get, update, list, search and delete an account with typed fields', async () => {
        const created = await action('create-account', {
            name: "O'Reilly & Sons (EMEA)",
            industry: 'Technology',
            annualRevenue: 1200000,
            numberOfEmployees: 42,
            billingCity: 'Lyon',
            billingCountry: 'France'
        });
        expect(created.error).toBeUndefined();
        const recordId = out(created).recordId;
        const got = out(await action('get-account', { recordId }));
        expect(got).toMatchObject({ id: recordId, name: "O'Reilly & Sons (EMEA)", industry: 'Technology', annualRevenue: 1200000, numberOfEmployees: 42, billingAddress: { city: 'Lyon', country: 'France' } });
        expect(got.ownerName).toEqual(expect.any(String));

        await action('update-account', { recordId, phone: '+33 4 00 00 00 00' });
        expect(emulator.org.get(recordId)?.['Phone']).toBe('+33 4 00 00 00 00');
        expect(emulator.org.get(recordId)?.['Name']).toBe("O'Reilly & Sons (EMEA)");

        const listed = out(await action('list-accounts', { nameContains: "o'reilly", industry: 'Technology' }));
        expect(listed.accounts.map((a: { id: string }) => a.id)).toEqual([recordId]);

        const found = out(await action('search-accounts', { text: "O'Reilly & Sons (EMEA)" }));
        expect(found.accounts.map((a: { id: string }) => a.id)).toContain(recordId);

        await action('delete-account', { recordId });
        const gone = await action('get-account', { recordId });
        expect(gone.error?.payload).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED' });
    });

    it('list-accounts pages with a cursor through every account exactly once, in order', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let calls = 0;
        do {
            const page = out(await action('list-accounts', { sortBy: 'name', limit: 7, ...(cursor ? { cursor } : {}) }));
            seen.push(...page.accounts.map((a: { name: string; id: string }) => `${a.name}|${a.id}`));
            cursor = page.nextCursor ?? undefined;
            calls++;
        } while (cursor && calls < 50);
        const expected = (emulator.org.list('Account') as Array<Record<string, any>>).map((a) => `${a['Name']}|${a['Id']}`);
        expect(seen).toHaveLength(expected.length);
        expect(new Set(seen).size).toBe(expected.length);
        const names = seen.map((s) => s.split('|')[0] ?? '');
        expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    });

    it('refuses a forged cursor without calling Salesforce', async () => {
        emulator.resetStats();
        const result = await action('list-accounts', { cursor: `["name","ASC","x') OR Name != ('","001D000000IqhSLIAZ"]` });
        expect(result.error).toBeUndefined();
        expect(emulator.stats().calls).toBe(1);
        const forged = await action('list-accounts', { cursor: '["Name FROM User","ASC","x","001D000000IqhSLIAZ"]' });
        expect(forged.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
    });
});

describe('contacts, leads, opportunities and tasks', () => {
    it('contacts: create under an account, read with the account name, list by account, search, update, delete', async () => {
        const account = emulator.org.list('Account')[1] as Record<string, any>;
        const created = out(await action('create-contact', { lastName: 'Okafor', firstName: 'Ngozi', email: 'ngozi@e2e.example', accountId: account['Id'], title: 'CFO' }));
        const contact = out(await action('get-contact', { recordId: created.recordId }));
        expect(contact).toMatchObject({ id: created.recordId, firstName: 'Ngozi', lastName: 'Okafor', accountId: account['Id'], accountName: account['Name'], title: 'CFO' });
        const listed = out(await action('list-contacts', { accountId: account['Id'], nameContains: 'okafor' }));
        expect(listed.contacts.map((c: { id: string }) => c.id)).toEqual([created.recordId]);
        expect(out(await action('search-contacts', { text: 'ngozi@e2e.example' })).contacts.map((c: { id: string }) => c.id)).toContain(created.recordId);
        await action('update-contact', { recordId: created.recordId, title: 'CEO' });
        expect(emulator.org.get(created.recordId)?.['Title']).toBe('CEO');
        await action('delete-contact', { recordId: created.recordId });
        expect((await action('get-contact', { recordId: created.recordId })).error?.payload.type).toBe('entity_deleted');
    });

    it('leads: create with the org default status, convert into account, contact and opportunity', async () => {
        const created = out(await action('create-lead', { lastName: 'Lovelace', company: 'Analytical Engines Ltd', email: 'ada@engines.example' }));
        const lead = out(await action('get-lead', { recordId: created.recordId }));
        expect(lead).toMatchObject({ lastName: 'Lovelace', company: 'Analytical Engines Ltd', isConverted: false });
        expect(lead.status).toEqual(expect.any(String));
        expect(out(await action('list-leads', { companyContains: 'analytical', isConverted: false })).leads.map((l: { id: string }) => l.id)).toContain(created.recordId);

        const converted = await action('convert-lead', { recordId: created.recordId, opportunityName: 'Engines – first order' });
        expect(converted.error).toBeUndefined();
        const ids = out(converted);
        expect(ids.accountId).toMatch(/^001/);
        expect(ids.contactId).toMatch(/^003/);
        expect(ids.opportunityId).toMatch(/^006/);
        expect(emulator.org.get(ids.opportunityId)?.['Name']).toBe('Engines – first order');
        const after = out(await action('get-lead', { recordId: created.recordId }));
        expect(after).toMatchObject({ isConverted: true, convertedAccountId: ids.accountId, convertedContactId: ids.contactId, convertedOpportunityId: ids.opportunityId });

        // converting again (as Nango re-runs a failed action) reports the conversion the lead has and converts nothing
        const again = await action('convert-lead', { recordId: created.recordId });
        expect(out(again)).toEqual({ ...ids, alreadyConverted: true });
    });

    it('leads: convert into an existing account without an opportunity', async () => {
        const account = emulator.org.list('Account')[2] as Record<string, any>;
        const lead = out(await action('create-lead', { lastName: 'Hopper', company: String(account['Name']) }));
        const converted = out(await action('convert-lead', { recordId: lead.recordId, accountId: account['Id'], doNotCreateOpportunity: true }));
        expect(converted).toMatchObject({ accountId: account['Id'], opportunityId: null });
    });

    it('opportunities: create, list by stage, close as won and as lost', async () => {
        const account = emulator.org.list('Account')[3] as Record<string, any>;
        const created = out(await action('create-opportunity', { name: 'E2E deal', stageName: 'Prospecting', closeDate: '2026-12-31', amount: 1000, accountId: account['Id'] }));
        expect(out(await action('get-opportunity', { recordId: created.recordId }))).toMatchObject({ name: 'E2E deal', isClosed: false, accountName: account['Name'] });
        expect(out(await action('list-opportunities', { accountId: account['Id'], isClosed: false })).opportunities.map((o: { id: string }) => o.id)).toContain(created.recordId);
        const won = out(await action('close-opportunity', { recordId: created.recordId, outcome: 'won', amount: 1200, closeDate: '2026-11-30' }));
        expect(won).toMatchObject({ isWon: true, isClosed: true, closeDate: '2026-11-30' });
        expect(emulator.org.get(created.recordId)).toMatchObject({ StageName: won.stageName, IsWon: true, IsClosed: true, Amount: 1200 });
        const refused = await action('update-opportunity', { recordId: created.recordId, customFields: { IsWon: false } });
        expect(refused.error?.payload.type).toBe('invalid_input');
    });

    it('tasks: create for a contact, list open tasks, complete it, delete it', async () => {
        const contact = emulator.org.list('Contact')[5] as Record<string, any>;
        const created = out(await action('create-task', { subject: 'Send the contract', whoId: contact['Id'], dueDate: '2026-12-01', priority: 'High' }));
        expect(out(await action('get-task', { recordId: created.recordId }))).toMatchObject({ subject: 'Send the contract', whoId: contact['Id'], dueDate: '2026-12-01', isClosed: false });
        expect(out(await action('list-tasks', { whoId: contact['Id'], isClosed: false })).tasks.map((t: { id: string }) => t.id)).toContain(created.recordId);
        await action('update-task', { recordId: created.recordId, status: 'Completed' });
        expect(out(await action('get-task', { recordId: created.recordId })).isClosed).toBe(true);
        await action('delete-task', { recordId: created.recordId });
        expect(out(await action('delete-task', { recordId: created.recordId }))).toEqual({ recordId: created.recordId, success: true, alreadyDeleted: true });
    });
});

describe('close-opportunity in an org with its own stage names', () => {
    let custom: EmulatorHandle;
    beforeAll(async () => {
        custom = await startEmulator({
            seed: 4,
            volume: 5,
            proxyRetryBaseMs: 1,
            opportunityStages: [
                { name: 'Qualify', probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
                { name: 'Agreement', probability: 80, isClosed: false, isWon: false, forecast: 'Commit' },
                { name: 'Signed', probability: 100, isClosed: true, isWon: true, forecast: 'Closed' },
                { name: 'Dead', probability: 0, isClosed: true, isWon: false, forecast: 'Omitted' }
            ]
        });
    });
    afterAll(async () => {
        await custom?.stop();
    });

    it('uses the org closed stages, not "Closed Won"/"Closed Lost"', async () => {
        const run = (name: string, input: unknown) => runFunction(name, { hostport: custom.url, connectionId: custom.connectionId, input, validate: true });
        const opp = (await run('create-opportunity', { name: 'Custom stages', stageName: 'Qualify', closeDate: '2026-12-31' })).output as { recordId: string };
        const lost = (await run('close-opportunity', { recordId: opp.recordId, outcome: 'lost', reason: 'Budget cut', reasonField: 'Description' })).output as any;
        expect(lost).toMatchObject({ stageName: 'Dead', isWon: false, probability: 0, forecastCategory: 'Omitted' });
        expect(custom.org.get(opp.recordId)).toMatchObject({ StageName: 'Dead', IsClosed: true, IsWon: false, Description: 'Budget cut' });
        custom.org.update('Opportunity', opp.recordId, { Description: 'Kept as written' });
        const won = (await run('close-opportunity', { recordId: opp.recordId, outcome: 'won' })).output as any;
        expect(won.stageName).toBe('Signed');
        // no reasonField: Description untouched; closeDate defaults to today in the API user's TimeZoneSidKey (via userinfo)
        const zone = String(custom.org.apiUser()?.['TimeZoneSidKey']);
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
        expect(won.closeDate).toBe(today);
        expect(custom.org.get(opp.recordId)).toMatchObject({ Description: 'Kept as written' });
        const noField = await run('close-opportunity', { recordId: opp.recordId, outcome: 'won', reason: 'Great fit' });
        expect(noField.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['reason'] });
        const wrong = await run('close-opportunity', { recordId: opp.recordId, outcome: 'won', stageName: 'Dead' });
        expect(wrong.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['stageName'] });
    });
});

describe('convert-lead in an org whose converted status label differs from its API name', () => {
    let custom: EmulatorHandle;
    beforeAll(async () => {
        custom = await startEmulator({
            seed: 5,
            volume: 5,
            proxyRetryBaseMs: 1,
            leadStatuses: [
                { name: 'Open', label: 'Open - Not Contacted', isConverted: false, isDefault: true },
                { name: 'Converted', label: 'Closed - Converted', isConverted: true }
            ]
        });
    });
    afterAll(async () => {
        await custom?.stop();
    });

    it("sends the status's API value (LeadStatus.ApiName), which convertLead accepts, not its label", async () => {
        const run = (name: string, input: unknown) => runFunction(name, { hostport: custom.url, connectionId: custom.connectionId, input, validate: true });
        const lead = (await run('create-lead', { lastName: 'Lovelace', company: 'Analytical Engines' })).output as { recordId: string };
        const converted = await run('convert-lead', { recordId: lead.recordId, doNotCreateOpportunity: true });
        expect(converted.error).toBeUndefined();
        expect(converted.output).toMatchObject({ convertedStatus: 'Converted', opportunityId: null });
        expect(custom.org.get(lead.recordId)).toMatchObject({ IsConverted: true, Status: 'Converted' });
        // the label is not a value convertLead takes
        const other = (await run('create-lead', { lastName: 'Babbage', company: 'Difference Engines' })).output as { recordId: string };
        const byLabel = await run('convert-lead', { recordId: other.recordId, convertedStatus: 'Closed - Converted' });
        // refused before converting, naming the API value to use (Salesforce would answer INVALID_STATUS)
        expect(byLabel.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(byLabel.error?.payload.message).toContain('(API values: "Converted")');
        expect(custom.org.get(other.recordId)).toMatchObject({ IsConverted: false });
    });
});
