/**
 * Campaigns (issue 16) through the compiled bundles against the emulator: add, list and remove campaign members, and
 * the campaigns and campaign-members syncs (full, incremental with deletes), checked against the emulator's store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 16, volume: { default: 40, Campaign: 6, CampaignMember: 50 }, proxyRetryBaseMs: 1, pageSize: 200 });
});
afterAll(async () => {
    await emulator?.stop();
});

async function call(name: string, input: unknown, extra: Record<string, unknown> = {}): Promise<RunResult> {
    const result = await runFunction(name, { hostport: emulator.url, connectionId: emulator.connectionId, input, validate: true, ...extra });
    expect(result.invalid, `${name} must match its schemas`).toEqual([]);
    return result;
}
const out = (r: RunResult) => r.output as any;
const org = () => emulator.org;
const members = (campaignId: string) => org().list('CampaignMember').filter((m) => m['CampaignId'] === campaignId);

/** A fresh campaign (created through the API: it gets Sent and Responded) and people who are in no campaign. */
function freshCampaign(name: string): { id: string; leads: string[]; contacts: string[] } {
    const campaign = org().insert('Campaign', { Name: name, Type: 'Webinar' });
    const id = String(campaign['Id']);
    const inCampaigns = new Set(org().list('CampaignMember').map((m) => String(m['LeadId'] ?? m['ContactId'])));
    const free = (type: string) => org().list(type).map((r) => String(r['Id'])).filter((x) => !inCampaigns.has(x));
    return { id, leads: free('Lead').slice(0, 3), contacts: free('Contact').slice(0, 3) };
}

describe('add-campaign-members', () => {
    it('adds leads and contacts with statuses; a repeat reports them as already members and changes nothing', async () => {
        const c = freshCampaign('E2E add');
        const input = {
            campaignId: c.id,
            status: 'Sent',
            members: [{ recordId: c.leads[0] }, { recordId: c.contacts[0], status: 'Responded' }, { recordId: c.leads[1] }]
        };
        emulator.resetStats();
        const first = await call('add-campaign-members', input);
        expect(first.error).toBeUndefined();
        expect(out(first)).toMatchObject({ campaignId: c.id, added: 3, alreadyMembers: 0, failed: 0 });
        expect(out(first).results.map((r: any) => [r.type, r.outcome, r.status])).toEqual([
            ['Lead', 'added', 'Sent'],
            ['Contact', 'added', 'Responded'],
            ['Lead', 'added', 'Sent']
        ]);
        // one status query, one collection insert
        expect(emulator.stats().byEndpoint).toEqual({ 'GET /query': 1, 'POST /composite/sobjects': 1 });
        const stored = members(c.id);
        expect(stored).toHaveLength(3);
        expect(stored.find((m) => m['ContactId'] === c.contacts[0])).toMatchObject({ Status: 'Responded', HasResponded: true, Type: 'Contact' });
        expect(org().get(c.id)).toMatchObject({ NumberOfLeads: 2, NumberOfContacts: 1, NumberOfResponses: 1 });

        const again = await call('add-campaign-members', { ...input, members: [...input.members, { recordId: c.contacts[1] }] });
        expect(out(again)).toMatchObject({ added: 1, alreadyMembers: 3, failed: 0 });
        const memberIds = new Map(out(first).results.map((r: any) => [r.recordId, r.memberId]));
        for (const r of out(again).results.slice(0, 3)) {
            expect(r).toMatchObject({ outcome: 'already_member', memberId: memberIds.get(r.recordId) });
        }
        expect(out(again).results[1].status).toBe('Responded');
        expect(members(c.id)).toHaveLength(4);
    });

    it('an unknown status is refused before anything is written, naming the statuses the campaign has', async () => {
        const c = freshCampaign('E2E bad status');
        emulator.resetStats();
        const result = await call('add-campaign-members', { campaignId: c.id, members: [{ recordId: c.leads[0], status: 'Attended' }] });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['members[0].status'] });
        expect(result.error?.payload.message).toContain('"Sent", "Responded"');
        expect(emulator.stats().byEndpoint).toEqual({ 'GET /query': 1 });
        expect(members(c.id)).toHaveLength(0);
    });

    it('a deleted lead fails alone; an unknown campaign is not_found', async () => {
        const c = freshCampaign('E2E deleted lead');
        org().delete('Lead', c.leads[2] as string);
        const result = await call('add-campaign-members', { campaignId: c.id, members: [{ recordId: c.leads[2] }, { recordId: c.contacts[2] }] });
        expect(out(result)).toMatchObject({ added: 1, failed: 1 });
        expect(out(result).results[0]).toMatchObject({ outcome: 'failed', memberId: null });
        expect(out(result).results[0].errors[0].errorCode).toBe('ENTITY_IS_DELETED');

        const missing = await call('add-campaign-members', { campaignId: '701000000000001AAA', members: [{ recordId: c.contacts[2] }] });
        expect(missing.error?.payload).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND' });
    });
});

describe('list-campaign-members and remove-campaign-members', () => {
    it('lists a seeded campaign page by page, each member once, typed; filters by type', async () => {
        const campaign = org().list('Campaign').sort((a, b) => members(String(b['Id'])).length - members(String(a['Id'])).length)[0];
        const id = String(campaign?.['Id']);
        const want = members(id).map((m) => String(m['Id'])).sort();
        expect(want.length).toBeGreaterThan(3);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
            const page = await call('list-campaign-members', { campaignId: id, limit: 3, ...(cursor ? { cursor } : {}) });
            expect(page.error).toBeUndefined();
            seen.push(...out(page).members.map((m: any) => m.id));
            cursor = out(page).nextCursor ?? undefined;
        } while (cursor);
        expect(seen.slice().sort()).toEqual(want);
        const leadsOnly = await call('list-campaign-members', { campaignId: id, type: 'Lead', limit: 200 });
        expect(out(leadsOnly).members.every((m: any) => m.type === 'Lead' && m.leadId && m.contactId === null)).toBe(true);
        const one = out(leadsOnly).members[0];
        if (one) expect(one).toMatchObject({ campaignId: id, leadOrContactId: one.leadId, name: org().get(one.leadId)?.['Name'] });
    });

    it('removes by campaign and person, then by member id; repeating changes nothing', async () => {
        const c = freshCampaign('E2E remove');
        const added = await call('add-campaign-members', { campaignId: c.id, members: [...c.leads, ...c.contacts.slice(0, 2)].map((recordId) => ({ recordId })) });
        expect(out(added).added).toBe(5);
        const byPerson = await call('remove-campaign-members', { campaignId: c.id, recordIds: [c.leads[0], c.contacts[2], c.contacts[0]] });
        expect(byPerson.error).toBeUndefined();
        expect(out(byPerson).results.map((r: any) => r.outcome)).toEqual(['removed', 'not_member', 'removed']);
        expect(out(byPerson)).toMatchObject({ removed: 2, unchanged: 1, failed: 0 });
        expect(members(c.id)).toHaveLength(3);
        expect(org().get(c.id)).toMatchObject({ NumberOfLeads: 2, NumberOfContacts: 1 });

        const repeat = await call('remove-campaign-members', { campaignId: c.id, recordIds: [c.leads[0], c.contacts[0]] });
        expect(out(repeat).results.map((r: any) => r.outcome)).toEqual(['not_member', 'not_member']);

        const memberIds = members(c.id).map((m) => String(m['Id']));
        const byMember = await call('remove-campaign-members', { memberIds });
        expect(out(byMember)).toMatchObject({ removed: 3, failed: 0 });
        const again = await call('remove-campaign-members', { memberIds });
        expect(out(again).results.map((r: any) => r.outcome)).toEqual(['already_removed', 'already_removed', 'already_removed']);
        expect(members(c.id)).toHaveLength(0);
    });
});

describe('campaigns and campaign-members syncs', () => {
    it.each([
        ['campaigns', 'Campaign', 'SalesforceCampaign'],
        ['campaign-members', 'CampaignMember', 'SalesforceCampaignMember']
    ])('%s: a full run saves every live %s; an incremental run saves the changed and removes the deleted', async (name, type, model) => {
        const live = () => org().list(type).map((r) => String(r['Id'])).sort();
        const first = await call(name, undefined, { metadata: { lagSeconds: 0 } });
        expect(first.error).toBeUndefined();
        const saved = (first.saved[model] ?? []).map((r: any) => r.id);
        expect(saved.slice().sort()).toEqual(live());
        expect(new Set(saved).size).toBe(saved.length);

        const [a, b] = org().list(type);
        if (type === 'Campaign') org().update('Campaign', String(a?.['Id']), { Status: 'Completed' });
        else org().update('CampaignMember', String(a?.['Id']), { Status: 'Responded' });
        org().delete(type, String(b?.['Id']));
        const second = await call(name, undefined, { metadata: { lagSeconds: 0 }, checkpoint: first.checkpoint });
        expect(second.error).toBeUndefined();
        const changed = (second.saved[model] ?? []).map((r: any) => r.id);
        expect(changed).toContain(String(a?.['Id']));
        // b, and whatever earlier tests deleted after the first run's last live row, are removed; nothing live is
        const removed = (second.deleted[model] ?? []).map((r: any) => r.id);
        expect(removed).toContain(String(b?.['Id']));
        expect(removed.filter((id: string) => live().includes(id))).toEqual([]);
        const record = (second.saved[model] ?? []).find((r: any) => r.id === String(a?.['Id']));
        if (type === 'Campaign') expect(record).toMatchObject({ status: 'Completed', name: a?.['Name'] });
        else expect(record).toMatchObject({ status: 'Responded', has_responded: true, campaign_id: a?.['CampaignId'] });
    });
});
