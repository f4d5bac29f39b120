import { describe, expect, it } from 'vitest';

import action from '../actions/delete-lead.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "00Q5g00000Ld001EAB";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Lead/${recordId}`;

describe('salesforce delete-lead', () => {
    it('deletes the lead with one DELETE (retried: a delete is idempotent) and returns its id', async () => {
        const nango = actionMock('delete-lead');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'DELETE', endpoint: endpoint(ID), retries: 3 }]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('delete-lead');
        expect(await run(action, nango, { recordId: ID.slice(0, 15) })).toEqual({ recordId: ID, success: true, alreadyDeleted: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: endpoint(ID.slice(0, 15)) });
    });

    it('reports a lead already in the Recycle Bin (ENTITY_IS_DELETED, as for a retried delete) as deleted, alreadyDeleted true', async () => {
        const nango = actionMock('delete-lead');
        expect(await run(action, nango, { recordId: "00Q5g00000LdDELEA3" })).toEqual({ recordId: "00Q5g00000LdDELEA3", success: true, alreadyDeleted: true });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['an unknown id', "00Q5g00000Ld099EAB", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a lead the user cannot delete', "00Q5g00000LdRO1EAN", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400 }],
        ['an expired session', "00Q5g00000LdACCEA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('delete-lead');
        const error = await actionErrorOf(run(action, nango, { recordId }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["a Contact id", {"recordId":"0035g00000AbC01AAF"}],
        ["an id with a wrong checksum", {"recordId":"00Q5g00000Ld001AAA"}],
        ["a 12-character id", {"recordId":"00Q5g00000Ld"}],
        ["an id with a quote", {"recordId":"00Q5g00000Ld001' OR Name != '"}],
        ["an id with a path", {"recordId":"../00Q5g00000Ld001"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-lead');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
