import { describe, expect, it } from 'vitest';

import action from '../actions/delete-account.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "001D000000IqhSLIAZ";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Account/${recordId}`;

describe('salesforce delete-account', () => {
    it('deletes the account with one DELETE (retried: a delete is idempotent) and returns its id', async () => {
        const nango = actionMock('delete-account');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'DELETE', endpoint: endpoint(ID), retries: 3 }]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('delete-account');
        expect(await run(action, nango, { recordId: ID.slice(0, 15) })).toEqual({ recordId: ID, success: true, alreadyDeleted: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: endpoint(ID.slice(0, 15)) });
    });

    it('reports a account already in the Recycle Bin (ENTITY_IS_DELETED, as for a retried delete) as deleted, alreadyDeleted true', async () => {
        const nango = actionMock('delete-account');
        expect(await run(action, nango, { recordId: "001D000000IqhDLIAZ" })).toEqual({ recordId: "001D000000IqhDLIAZ", success: true, alreadyDeleted: true });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['an unknown id', "001D000000IqhZZIAZ", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a account the user cannot delete', "001D000000IqhROIAZ", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400 }],
        ['an expired session', "001D000000IqhACIAZ", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
        ['an account with cases', "001D000000IqhDFIAZ", { type: 'salesforce_error', errorCode: 'DELETE_FAILED', status: 400 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('delete-account');
        const error = await actionErrorOf(run(action, nango, { recordId }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["a Contact id", {"recordId":"0035g00000AbC01AAF"}],
        ["an id with a wrong checksum", {"recordId":"001D000000IqhSLAAA"}],
        ["a 12-character id", {"recordId":"001D000000Iq"}],
        ["an id with a quote", {"recordId":"001D000000IqhSL' OR Name != '"}],
        ["an id with a path", {"recordId":"../001D000000IqhSL"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-account');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
