import { describe, expect, it } from 'vitest';

import action from '../actions/submit-for-approval.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const OPP = '006D000000CkVxTIAV';

describe('salesforce submit-for-approval', () => {
    it('POSTs one Submit request, once, and returns the instance and work items', async () => {
        const nango = actionMock('submit-for-approval');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toEqual({
            method: 'POST',
            endpoint: '/services/data/v66.0/process/approvals/',
            retries: 0,
            data: { requests: [{ actionType: 'Submit', contextId: OPP, comments: '20% discount', nextApproverIds: ['005D00000015rY9IAI'] }] }
        });
    });

    it.each([
        ['NO_APPLICABLE_PROCESS', 'No applicable approval process was found.', 'entry criteria'],
        ['ALREADY_IN_PROCESS', 'Cannot submit object already in process.', 'list-pending-approvals']
    ])('reports %s with advice', async (code, message, advice) => {
        const nango = actionMock('submit-for-approval');
        nango.proxy.mockRejectedValueOnce({ response: { status: 400, data: [{ errorCode: code, message }] } } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: OPP }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: code, status: 400 });
        expect(error.message).toContain(advice);
        expect(requestCount(nango)).toBe(1);
    });

    it('reports a result with success false (several-request form) as an error', async () => {
        const nango = actionMock('submit-for-approval');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: [{ success: false, errors: [{ statusCode: 'NO_APPLICABLE_PROCESS', message: 'No applicable approval process was found.' }] }], headers: {} } as never);
        expect(await actionErrorOf(run(action, nango, { recordId: OPP }))).toMatchObject({ errorCode: 'NO_APPLICABLE_PROCESS' });
    });

    it.each([
        ['skipEntryCriteria without a process name', { recordId: OPP, skipEntryCriteria: true }, 'skipEntryCriteria'],
        ['an approver who is not a user', { recordId: OPP, nextApproverId: '001D000000IqhSLIAZ' }, 'nextApproverId'],
        ['a process name with spaces', { recordId: OPP, processDefinitionNameOrId: 'My process' }, 'processDefinitionNameOrId'],
        ['comments over 4,000 characters', { recordId: OPP, comments: 'x'.repeat(4001) }, 'comments'],
        ['no record', {}, 'recordId']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('submit-for-approval');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input' });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
