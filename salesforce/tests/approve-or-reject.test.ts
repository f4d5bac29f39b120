import { describe, expect, it } from 'vitest';

import action from '../actions/approve-or-reject.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ITEM = '04iD0000000Cw6SIAS';

describe('salesforce approve-or-reject', () => {
    it('POSTs one Approve request, once, and returns the new status', async () => {
        const nango = actionMock('approve-or-reject');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', retries: 0, data: { requests: [{ actionType: 'Approve', contextId: ITEM, comments: 'ok' }] } });
    });

    it('sends Reject for decision reject', async () => {
        const nango = actionMock('approve-or-reject');
        await run(action, nango, { workItemId: ITEM, decision: 'reject' });
        expect(requests(nango)[0]?.['data']).toEqual({ requests: [{ actionType: 'Reject', contextId: ITEM }] });
    });

    it('reports a decided or unknown work item (INVALID_CROSS_REFERENCE_KEY) with advice', async () => {
        const nango = actionMock('approve-or-reject');
        nango.proxy.mockRejectedValueOnce({ response: { status: 400, data: [{ errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id' }] } } as never);
        const error = await actionErrorOf(run(action, nango, { workItemId: ITEM, decision: 'approve' }));
        expect(error).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', status: 400 });
        expect(error.message).toContain('list-pending-approvals');
    });

    it.each([
        ['a record id instead of a work item', { workItemId: '006D000000CkVxTIAV', decision: 'approve' }, 'workItemId'],
        ['a next approver with reject', { workItemId: ITEM, decision: 'reject', nextApproverId: '005D00000015rY9IAI' }, 'nextApproverId'],
        ['an unknown decision', { workItemId: ITEM, decision: 'Approve' }, 'decision'],
        ['a work item id with a quote', { workItemId: "04iD0000000Cw6S'", decision: 'approve' }, 'workItemId']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('approve-or-reject');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input' });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
