import { describe, expect, it } from 'vitest';

import action from '../actions/list-related-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ACCOUNT = '001D000000IqhSLIAZ';
const page = (data: unknown) => ({ status: 200, data, headers: {} }) as never;

describe('salesforce list-related-records', () => {
    it('checks the relationship in describe (any case) and queries the child object by its lookup', async () => {
        const nango = actionMock('list-related-records');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango).map((r) => r['endpoint'])).toEqual(['/services/data/v66.0/sobjects/Account/describe', '/services/data/v66.0/query']);
    });

    it('continues from a nextRecordsUrl without a new query, with the batch size asked', async () => {
        const nango = actionMock('list-related-records');
        const nextRecordsUrl = '/services/data/v66.0/query/01gRO0000016PIAYA2-200';
        nango.proxy.mockResolvedValueOnce(page({ childRelationships: [{ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' }] }));
        nango.proxy.mockResolvedValueOnce(page({ totalSize: 201, done: true, records: [{ Id: '0035g00000AbC01AAF' }] }));
        const output = await run(action, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Contacts', nextRecordsUrl, batchSize: 200 });
        expect(output).toMatchObject({ totalSize: 201, done: true, nextRecordsUrl: null, childSObject: 'Contact' });
        expect(requests(nango)[1]).toMatchObject({ endpoint: nextRecordsUrl, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    });

    it('an unknown relationship is not_found with the nearest names, and no query is made', async () => {
        const nango = actionMock('list-related-records');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Case' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'INVALID_RELATIONSHIP', fields: ['relationship'], suggestions: ['Cases'] });
        expect(requestCount(nango)).toBe(1);
    });

    it('an empty result of a parent that does not exist is not_found; of one that exists, an empty page', async () => {
        const nango = actionMock('list-related-records');
        const describe = page({ childRelationships: [{ childSObject: 'Case', field: 'AccountId', relationshipName: 'Cases' }] });
        const empty = page({ totalSize: 0, done: true, records: [] });
        nango.proxy.mockResolvedValueOnce(describe).mockResolvedValueOnce(empty).mockResolvedValueOnce(empty);
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Cases', fields: ['Id'] }));
        expect(error).toMatchObject({ type: 'not_found', fields: ['recordId'] });
        expect(requests(nango)[2]?.['params']).toEqual({ q: `SELECT Id FROM Account WHERE Id = '${ACCOUNT}'` });
        nango.proxy.mockResolvedValueOnce(describe).mockResolvedValueOnce(empty).mockResolvedValueOnce(page({ totalSize: 1, done: true, records: [{ Id: ACCOUNT }] }));
        expect(await run(action, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Cases', fields: ['Id'], orderBy: 'CreatedDate', descending: true })).toMatchObject({ totalSize: 0, records: [] });
        expect(requests(nango)[4]?.['params']).toEqual({ q: `SELECT Id FROM Case WHERE AccountId = '${ACCOUNT}' ORDER BY CreatedDate DESC` });
    });

    it('reports a describe of an unknown object as Salesforce answered it', async () => {
        const nango = actionMock('list-related-records');
        nango.proxy.mockRejectedValueOnce({ response: { status: 401, data: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }] } } as never);
        expect(await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Cases' }))).toMatchObject({ type: 'unauthorized' });
    });

    it.each([
        ['a relationship with a dot', { sObject: 'Account', recordId: ACCOUNT, relationship: 'Contacts.Account' }, 'relationship'],
        ['a relationship with a quote', { sObject: 'Account', recordId: ACCOUNT, relationship: "Contacts'" }, 'relationship'],
        ['a Contact id for an Account', { sObject: 'Account', recordId: '0035g00000AbC01AAF', relationship: 'Cases' }, 'recordId'],
        ['a field with SOQL', { sObject: 'Account', recordId: ACCOUNT, relationship: 'Cases', fields: ['Id FROM User'] }, 'fields.0'],
        ['a nextRecordsUrl that is not a locator', { sObject: 'Account', recordId: ACCOUNT, relationship: 'Cases', nextRecordsUrl: 'https://evil.example/' }, 'nextRecordsUrl'],
        ['no relationship', { sObject: 'Account', recordId: ACCOUNT }, 'relationship']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('list-related-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input' });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
