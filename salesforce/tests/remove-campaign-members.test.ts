import { describe, expect, it } from 'vitest';

import action from '../actions/remove-campaign-members.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const CAMPAIGN = '701Em00000000G9IAI';
const MEMBER = '00vEm00000000G9IAI';
const GONE = '00vEm00000000ZZIAY';
const LOCKED = '00vEm00000000ZYIAY';

describe('salesforce remove-campaign-members', () => {
    it('by campaign and person: finds the member ids in one query, deletes them, reports a non-member as not_member', async () => {
        const nango = actionMock('remove-campaign-members');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango).map((r) => `${r['method'] ?? 'GET'} ${r['endpoint']}`)).toEqual(['GET /services/data/v66.0/query', 'DELETE /services/data/v66.0/composite/sobjects']);
        expect(requests(nango)[1]?.['params']).toEqual({ ids: MEMBER, allOrNone: 'false' });
    });

    it('by member id: one already deleted is already_removed (a success), one Salesforce refuses failed with its error', async () => {
        const nango = actionMock('remove-campaign-members');
        const output = await run(action, nango, { memberIds: [GONE, LOCKED] });
        expect(output.results.map((r: any) => r.outcome)).toEqual(['already_removed', 'failed']);
        expect(output).toMatchObject({ removed: 0, unchanged: 1, failed: 1 });
        expect(output.results[1].errors[0].errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['memberIds and recordIds together', { campaignId: CAMPAIGN, recordIds: ['00QEm00000000GCMAY'], memberIds: [MEMBER] }],
        ['recordIds without campaignId', { recordIds: ['00QEm00000000GCMAY'] }],
        ['neither', { campaignId: CAMPAIGN }],
        ['a Lead id as a member id', { memberIds: ['00QEm00000000GCMAY'] }],
        ['an Opportunity id as a person', { campaignId: CAMPAIGN, recordIds: ['006D000000CbBwqIAF'] }],
        ['the same member twice', { memberIds: [MEMBER, MEMBER] }],
        ['a path in an id', { memberIds: ['../../sobjects/Account'] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('remove-campaign-members');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
