import { describe, expect, it } from 'vitest';

import action from '../actions/add-campaign-members.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const CAMPAIGN = '701Em00000000G9IAI';
const LEAD = '00QEm00000000G9MAI';
const CONTACT = '003Em00000000G9IAI';
/** A lead already in the campaign (member 00vEm00000000G9IAI, status Responded). */
const MEMBER_LEAD = '00QEm00000000GCMAY';
const DELETED_LEAD = '00QEm00000000GAMAY';

describe('salesforce add-campaign-members', () => {
    it('adds a lead and a contact with their statuses; the person already in the campaign is reported already_member with its member id and status', async () => {
        const nango = actionMock('add-campaign-members');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(output).toMatchObject({ added: 2, alreadyMembers: 1, failed: 0 });
        const sent = requests(nango);
        // statuses first, then one collection create (never retried), then the lookup of the duplicate's member id
        expect(sent.map((r) => `${r['method'] ?? 'GET'} ${r['endpoint']}`)).toEqual([
            'GET /services/data/v66.0/query',
            'POST /services/data/v66.0/composite/sobjects',
            'GET /services/data/v66.0/query'
        ]);
        expect(sent[1]?.['retries'] ?? 0).toBe(0);
        expect(sent[1]?.['data'].records[2]).toEqual({ attributes: { type: 'CampaignMember' }, CampaignId: CAMPAIGN, LeadId: MEMBER_LEAD, Status: 'Sent' });
    });

    it('a deleted lead fails with its Salesforce error, as a result, not an exception; no status means the default, nothing sent for it', async () => {
        const nango = actionMock('add-campaign-members');
        const output = await run(action, nango, { campaignId: CAMPAIGN, members: [{ recordId: DELETED_LEAD }] });
        expect(output).toMatchObject({ added: 0, alreadyMembers: 0, failed: 1 });
        expect(output.results[0]).toMatchObject({ outcome: 'failed', memberId: null, status: null });
        expect(output.results[0].errors[0].errorCode).toBe('ENTITY_IS_DELETED');
        expect(requests(nango)[1]?.['data'].records[0]).not.toHaveProperty('Status');
    });

    it('an unknown campaign (no member statuses) is not_found before any write', async () => {
        const nango = actionMock('add-campaign-members');
        const error = await actionErrorOf(run(action, nango, { campaignId: '701000000000001AAA', members: [{ recordId: LEAD }] }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        expect(requestCount(nango)).toBe(1);
    });

    it('a status the campaign lacks is invalid_input naming its statuses, after the status query only', async () => {
        const nango = actionMock('add-campaign-members');
        const error = await actionErrorOf(run(action, nango, { campaignId: CAMPAIGN, members: [{ recordId: LEAD, status: 'Attended' }] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['members[0].status'] });
        expect(error.message).toContain('"Sent", "Responded"');
        expect(error.message).not.toContain('No request was sent');
        expect(requestCount(nango)).toBe(1);
    });

    it('repeats an unknown status escaped (quotes, line breaks, bidi overrides)', async () => {
        const nango = actionMock('add-campaign-members');
        const error = await actionErrorOf(run(action, nango, { campaignId: CAMPAIGN, status: 'Sent"\n\u202eX', members: [{ recordId: LEAD }] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['status'] });
        expect(error.message).toContain('"Sent\\"\\u000a\\u202eX" is not a member status');
        expect(error.message).not.toMatch(/[\n\u202e]/);
    });

    it.each([
        ['an Account id as a member', { campaignId: CAMPAIGN, members: [{ recordId: '001D000000IqhSLIAZ' }] }],
        ['a Contact id as the campaign', { campaignId: CONTACT, members: [{ recordId: LEAD }] }],
        ['the same lead twice (15 and 18 characters)', { campaignId: CAMPAIGN, members: [{ recordId: LEAD }, { recordId: LEAD.slice(0, 15) }] }],
        ['no members', { campaignId: CAMPAIGN, members: [] }],
        ['1,001 members', { campaignId: CAMPAIGN, members: Array.from({ length: 1001 }, () => ({ recordId: LEAD })) }],
        ['a status over 40 characters', { campaignId: CAMPAIGN, status: 'x'.repeat(41), members: [{ recordId: LEAD }] }],
        ['a SOQL quote in the campaign id', { campaignId: "701Em00000000G9' OR Id != '", members: [{ recordId: LEAD }] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('add-campaign-members');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
