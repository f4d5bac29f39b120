import { describe, expect, it } from 'vitest';

import action from '../actions/delete-task.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "00T5g00000Tk001EAB";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Task/${recordId}`;

describe('salesforce delete-task', () => {
    it('deletes the task with one DELETE (retried: a delete is idempotent) and returns its id', async () => {
        const nango = actionMock('delete-task');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'DELETE', endpoint: endpoint(ID), retries: 3 }]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('delete-task');
        expect(await run(action, nango, { recordId: ID.slice(0, 15) })).toEqual({ recordId: ID, success: true, alreadyDeleted: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: endpoint(ID.slice(0, 15)) });
    });

    it('reports a task already in the Recycle Bin (ENTITY_IS_DELETED, as for a retried delete) as deleted, alreadyDeleted true', async () => {
        const nango = actionMock('delete-task');
        expect(await run(action, nango, { recordId: "00T5g00000TkDELEA3" })).toEqual({ recordId: "00T5g00000TkDELEA3", success: true, alreadyDeleted: true });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['an unknown id', "00T5g00000Tk099EAB", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a task the user cannot delete', "00T5g00000TkRO1EAN", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400 }],
        ['an expired session', "00T5g00000TkACCEA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('delete-task');
        const error = await actionErrorOf(run(action, nango, { recordId }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["an Opportunity id", {"recordId":"0065g00000Op001AAB"}],
        ["an id with a wrong checksum", {"recordId":"00T5g00000Tk001AAA"}],
        ["a 12-character id", {"recordId":"00T5g00000Tk"}],
        ["an id with a quote", {"recordId":"00T5g00000Tk001' OR Name != '"}],
        ["an id with a path", {"recordId":"../00T5g00000Tk001"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-task');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
