import { describe, expect, it } from 'vitest';

import action from '../actions/list-campaign-members.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const CAMPAIGN = '701Em00000000GAIAY';

describe('salesforce list-campaign-members', () => {
    it('lists one page of a campaign, typed, newest first, with a cursor; the cursor continues after the last row', async () => {
        const nango = actionMock('list-campaign-members');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]?.['params'].q).toMatch(/FROM CampaignMember WHERE CampaignId = '701Em00000000GAIAY' ORDER BY CreatedDate DESC, Id DESC LIMIT 2$/);

        const next = await run(action, nango, { campaignId: CAMPAIGN, limit: 1, cursor: output.nextCursor });
        expect(next.members).toHaveLength(1);
        expect(next.members[0].id).not.toBe(output.members[0].id);
        expect(next.members[0]).toMatchObject({ type: 'Lead', leadOrContactId: next.members[0].leadId, contactId: null });
        expect(requests(nango)[1]?.['params'].q).toContain(`(CreatedDate < 2026-11-21T23:09:36.000Z) OR ((CreatedDate = 2026-11-21T23:09:36.000Z) AND (Id < '${output.members[0].id}'))`);
    });

    it.each([
        ['no campaignId', { limit: 5 }],
        ['an Account id as campaignId', { campaignId: '001D000000IqhSLIAZ' }],
        ['an unknown type', { campaignId: CAMPAIGN, type: 'Account' }],
        ['a forged cursor', { campaignId: CAMPAIGN, cursor: '["createdDate","DESC","x\' OR Id != \'","00vEm00000000GCIAY"]' }],
        ['a limit over 200', { campaignId: CAMPAIGN, limit: 201 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-campaign-members');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
