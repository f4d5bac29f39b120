import { describe, expect, it } from 'vitest';

import action from '../actions/delete-contact.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "0035g00000AbC01AAF";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Contact/${recordId}`;

describe('salesforce delete-contact', () => {
    it('deletes the contact with one DELETE (retried: a delete is idempotent) and returns its id', async () => {
        const nango = actionMock('delete-contact');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'DELETE', endpoint: endpoint(ID), retries: 3 }]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('delete-contact');
        expect(await run(action, nango, { recordId: ID.slice(0, 15) })).toEqual({ recordId: ID, success: true, alreadyDeleted: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: endpoint(ID.slice(0, 15)) });
    });

    it('reports a contact already in the Recycle Bin (ENTITY_IS_DELETED, as for a retried delete) as deleted, alreadyDeleted true', async () => {
        const nango = actionMock('delete-contact');
        expect(await run(action, nango, { recordId: "0035g00000AbCDLAA3" })).toEqual({ recordId: "0035g00000AbCDLAA3", success: true, alreadyDeleted: true });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['an unknown id', "0035g00000AbC99AAF", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a contact the user cannot delete', "0035g00000AbCROAA3", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400 }],
        ['an expired session', "0035g00000AbCACAA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('delete-contact');
        const error = await actionErrorOf(run(action, nango, { recordId }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["an Account id", {"recordId":"001D000000IqhSLIAZ"}],
        ["an id with a wrong checksum", {"recordId":"0035g00000AbC01AAA"}],
        ["a 12-character id", {"recordId":"0035g00000Ab"}],
        ["an id with a quote", {"recordId":"0035g00000AbC01' OR Name != '"}],
        ["an id with a path", {"recordId":"../0035g00000AbC01"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-contact');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
