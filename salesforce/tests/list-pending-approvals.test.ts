import { describe, expect, it } from 'vitest';

import action from '../actions/list-pending-approvals.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-pending-approvals', () => {
    it('queries pending ProcessInstanceWorkitems of the approver, newest first, and maps them', async () => {
        const nango = actionMock('list-pending-approvals');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
    });

    it('filters by record and continues from a nextRecordsUrl', async () => {
        const nango = actionMock('list-pending-approvals');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { totalSize: 0, done: true, records: [] }, headers: {} } as never);
        await run(action, nango, { recordId: '006D000000CkVxTIAV' });
        expect(String(requests(nango)[0]?.['params']?.q)).toContain("WHERE (ProcessInstance.Status = 'Pending') AND (ProcessInstance.TargetObjectId = '006D000000CkVxTIAV')");
        const nextRecordsUrl = '/services/data/v66.0/query/01gRO0000016PIAYA2-2000';
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { totalSize: 2001, done: true, records: [] }, headers: {} } as never);
        expect(await run(action, nango, { nextRecordsUrl })).toEqual({ workItems: [], totalSize: 2001, nextRecordsUrl: null, truncated: false });
        expect(requests(nango)[1]?.['endpoint']).toBe(nextRecordsUrl);
    });

    it('reports a query error as Salesforce answered it', async () => {
        const nango = actionMock('list-pending-approvals');
        nango.proxy.mockRejectedValueOnce({ response: { status: 400, data: [{ errorCode: 'INVALID_TYPE', message: "sObject type 'ProcessInstanceWorkitem' is not supported." }] } } as never);
        expect(await actionErrorOf(run(action, nango, {}))).toMatchObject({ status: 400 });
    });

    it.each([
        ['an approver id with SOQL', { approverId: "005' OR Id != '" }, 'approverId'],
        ['a nextRecordsUrl to another resource', { nextRecordsUrl: '/services/data/v66.0/sobjects/User' }, 'nextRecordsUrl'],
        ['a batch size of 10', { batchSize: 10 }, 'batchSize']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('list-pending-approvals');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input' });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
