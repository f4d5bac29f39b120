/**
 * Hostile inputs of the campaign actions (add-, remove-, list-campaign-members): ids of the campaign, the people and
 * the members, member statuses, and the two ways of naming what to remove. Every trick is refused as invalid_input
 * naming the input before any request; a status only travels when it is one of the campaign's labels, and a
 * campaign id reaches SOQL only as a checked 18-character literal.
 */
import { describe, expect, it } from 'vitest';

import { LITERAL_TRICKS, WRONG_TYPES, idTricks, type Named } from './catalogue.js';
import { API, IDS, loadAction, runAction, type Responder } from './harness.js';

const STATUSES: Responder = (req) =>
    req.endpoint === `${API}/query` && (req.params?.['q'] ?? '').includes(' FROM CampaignMemberStatus ')
        ? { data: { totalSize: 2, done: true, records: [{ Label: 'Sent', IsDefault: true, HasResponded: false }, { Label: "O'Brien's list", IsDefault: false, HasResponded: true }] } }
        : undefined;

const refused = (result: Awaited<ReturnType<typeof runAction>>, field: string) => {
    expect(result.payload?.type, String(result.error)).toBe('invalid_input');
    expect((result.payload?.['fields'] as string[]).some((f) => f.startsWith(field)), JSON.stringify(result.payload?.['fields'])).toBe(true);
    expect(result.sent).toEqual([]);
    expect(result.bypass).toBe(0);
};

describe('hostile: add-campaign-members', () => {
    it.each(idTricks(IDS.campaign, IDS.contact))('refuses campaignId %s before any request', async (_label, campaignId) => {
        const result = await runAction(await loadAction('add-campaign-members'), { campaignId, members: [{ recordId: IDS.lead }] }, STATUSES);
        refused(result, 'campaignId');
    });

    it.each([...idTricks(IDS.lead, IDS.account), ['an Opportunity id', IDS.opportunity], ['a Campaign id', IDS.campaign]] as Named[])('refuses member %s before any request', async (_label, recordId) => {
        const result = await runAction(await loadAction('add-campaign-members'), { campaignId: IDS.campaign, members: [{ recordId }] }, STATUSES);
        refused(result, 'members');
    });

    it.each([...WRONG_TYPES, ['a string', IDS.lead], ['an object', { recordId: IDS.lead }], ['ids instead of objects', [IDS.lead]], ['10,000 members', Array.from({ length: 10_000 }, () => ({ recordId: IDS.lead }))]] as Named[])(
        'refuses members as %s before any request',
        async (_label, members) => {
            const result = await runAction(await loadAction('add-campaign-members'), { campaignId: IDS.campaign, members }, STATUSES);
            refused(result, 'members');
        }
    );

    it.each(LITERAL_TRICKS)('a status %s the campaign lacks is refused after the status query alone, nothing written', async (_label, status) => {
        const result = await runAction(await loadAction('add-campaign-members'), { campaignId: IDS.campaign, status, members: [{ recordId: IDS.lead }] }, STATUSES);
        expect(result.payload?.type).toBe('invalid_input');
        expect(result.sent.map((r) => r.endpoint)).toEqual([`${API}/query`]);
    });

    it("a label with a quote that the campaign has travels only in the JSON body; the campaign id in SOQL is a checked literal", async () => {
        const result = await runAction(await loadAction('add-campaign-members'), { campaignId: IDS.campaign.slice(0, 15), members: [{ recordId: IDS.contact, status: "O'Brien's list" }] }, STATUSES);
        expect(result.payload).toBeUndefined();
        expect(result.sent[0]?.params?.['q']).toBe(`SELECT Label, IsDefault, HasResponded, SortOrder FROM CampaignMemberStatus WHERE CampaignId = '${IDS.campaign}' ORDER BY SortOrder ASC`);
        expect(result.sent[1]).toMatchObject({ method: 'POST', endpoint: `${API}/composite/sobjects` });
        expect((result.sent[1]?.data as any).records).toEqual([{ attributes: { type: 'CampaignMember' }, CampaignId: IDS.campaign, ContactId: IDS.contact, Status: "O'Brien's list" }]);
    });
});

describe('hostile: remove-campaign-members', () => {
    it.each(idTricks(IDS.campaignMember, IDS.lead))('refuses memberIds %s before any request', async (_label, memberId) => {
        const result = await runAction(await loadAction('remove-campaign-members'), { memberIds: [memberId] });
        refused(result, 'memberIds');
    });

    it.each(idTricks(IDS.lead, IDS.account))('refuses recordIds %s before any request', async (_label, recordId) => {
        const result = await runAction(await loadAction('remove-campaign-members'), { campaignId: IDS.campaign, recordIds: [recordId] });
        refused(result, 'recordIds');
    });

    it.each([
        ['memberIds with campaignId', { campaignId: IDS.campaign, memberIds: [IDS.campaignMember] }, 'memberIds'],
        ['memberIds with recordIds', { recordIds: [IDS.lead], memberIds: [IDS.campaignMember] }, 'memberIds'],
        ['recordIds alone', { recordIds: [IDS.lead] }, 'campaignId'],
        ['campaignId alone', { campaignId: IDS.campaign }, 'recordIds'],
        ['nothing', {}, 'campaignId'],
        ['an empty memberIds', { memberIds: [] }, 'memberIds'],
        ['1,001 memberIds', { memberIds: Array.from({ length: 1001 }, () => IDS.campaignMember) }, 'memberIds'],
        ['ids joined by commas (one ids= parameter)', { memberIds: [`${IDS.campaignMember},${IDS.account}`] }, 'memberIds']
    ] as Array<[string, unknown, string]>)('refuses %s before any request', async (_label, input, field) => {
        const result = await runAction(await loadAction('remove-campaign-members'), input);
        refused(result, field);
    });

    it('member ids travel only as the ids parameter of the collection delete, each a checked id', async () => {
        const result = await runAction(await loadAction('remove-campaign-members'), { memberIds: [IDS.campaignMember.slice(0, 15)] });
        expect(result.sent).toHaveLength(1);
        expect(result.sent[0]).toMatchObject({ method: 'DELETE', endpoint: `${API}/composite/sobjects`, params: { ids: IDS.campaignMember, allOrNone: 'false' } });
    });
});

describe('hostile: list-campaign-members', () => {
    it.each(idTricks(IDS.campaign, IDS.account))('refuses campaignId %s before any request', async (_label, campaignId) => {
        const result = await runAction(await loadAction('list-campaign-members'), { campaignId });
        refused(result, 'campaignId');
    });

    it.each(LITERAL_TRICKS.filter(([, v]) => typeof v === 'string' && v.length <= 40 && v.trim().length > 0 && !/[\u0000-\u001f\u007f\u2028]/.test(v)))(
        'status %s stays one escaped SOQL literal',
        async (_label, status) => {
            const result = await runAction(await loadAction('list-campaign-members'), { campaignId: IDS.campaign, status });
            const q = result.sent[0]?.params?.['q'] ?? '';
            expect(q.startsWith(`SELECT `)).toBe(true);
            const where = q.slice(q.indexOf(' WHERE '), q.indexOf(' ORDER BY '));
            // the statement keeps exactly two conditions: the campaign and the status
            expect(where.replace(/'(?:[^'\\]|\\.)*'/g, "''")).toBe(" WHERE (CampaignId = '') AND (Status = '')");
        }
    );
});
