import { describe, expect, it } from 'vitest';

import action from '../actions/merge-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const MASTER = '001D000000IqhSLIAZ';
const LOSER = '001D000000IqhSMIAZ';
const page = (records: unknown[]) => ({ status: 200, data: { totalSize: records.length, done: true, records }, headers: {} }) as never;

describe('salesforce merge-records', () => {
    it('reads the records with queryAll, then merges once over SOAP with the chosen value escaped', async () => {
        const nango = actionMock('merge-records');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        const soap = requests(nango)[1] as Record<string, any>;
        expect(soap).toMatchObject({ method: 'POST', endpoint: '/services/Soap/u/66.0', retries: 0, responseType: 'text' });
        expect(soap['data']).toContain(
            `<urn:merge><urn:request><urn:masterRecord xmlns:sobj="urn:sobject.partner.soap.sforce.com"><sobj:type>Account</sobj:type><sobj:Id>${MASTER}</sobj:Id><sobj:Phone>222 &amp; &lt;3&gt;</sobj:Phone></urn:masterRecord><urn:recordToMergeIds>${LOSER}</urn:recordToMergeIds></urn:request></urn:merge>`
        );
    });

    it('an empty chosen value clears the master field (fieldsToNull)', async () => {
        const nango = actionMock('merge-records');
        nango.proxy.mockResolvedValueOnce(page([{ Id: MASTER, IsDeleted: false, Website: 'https://m.example' }, { Id: LOSER, IsDeleted: false, Website: null }]));
        await run(action, nango, { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER], fieldValuesFrom: { Website: LOSER } });
        expect(requests(nango)[1]?.['data']).toContain(`<sobj:type>Account</sobj:type><sobj:fieldsToNull>Website</sobj:fieldsToNull><sobj:Id>${MASTER}</sobj:Id></urn:masterRecord>`);
    });

    it('a compound field taken from a merged record is invalid_input saying the records were read, with no merge sent', async () => {
        const nango = actionMock('merge-records');
        nango.proxy.mockResolvedValueOnce(page([{ Id: MASTER, IsDeleted: false, BillingAddress: null }, { Id: LOSER, IsDeleted: false, BillingAddress: { city: 'Paris' } }]));
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER], fieldValuesFrom: { BillingAddress: LOSER } }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['fieldValuesFrom.BillingAddress'] });
        expect(error.message).toContain('Found after reading the records; nothing was merged.');
        expect(error.message).not.toContain('No request was sent');
        expect(requestCount(nango)).toBe(1);
    });

    it('a re-run after a merge that succeeded reports alreadyMerged and sends no merge', async () => {
        const nango = actionMock('merge-records');
        nango.proxy.mockResolvedValueOnce(page([{ Id: MASTER, IsDeleted: false }, { Id: LOSER, IsDeleted: true, MasterRecordId: MASTER }]));
        expect(await run(action, nango, { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER] })).toEqual({ masterRecordId: MASTER, mergedRecordIds: [LOSER], updatedRelatedIds: [], fieldsTaken: {}, alreadyMerged: true });
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['a missing loser', [{ Id: MASTER, IsDeleted: false }], 'not_found', 'mergeRecordIds[0]'],
        ['a missing master', [{ Id: LOSER, IsDeleted: false }], 'not_found', 'masterRecordId'],
        ['a deleted master', [{ Id: MASTER, IsDeleted: true, MasterRecordId: '001D000000IqhSNIAZ' }, { Id: LOSER, IsDeleted: false }], 'entity_deleted', 'masterRecordId'],
        ['a loser deleted otherwise', [{ Id: MASTER, IsDeleted: false }, { Id: LOSER, IsDeleted: true, MasterRecordId: null }], 'entity_deleted', 'mergeRecordIds[0]']
    ])('refuses %s after the read, without a merge call', async (_label, records, type, field) => {
        const nango = actionMock('merge-records');
        nango.proxy.mockResolvedValueOnce(page(records));
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER] }));
        expect(error).toMatchObject({ type, fields: [field] });
        expect(requestCount(nango)).toBe(1);
    });

    it('reports a merge result with success false with its errors', async () => {
        const nango = actionMock('merge-records');
        nango.proxy.mockResolvedValueOnce(page([{ Id: MASTER, IsDeleted: false }, { Id: LOSER, IsDeleted: false }]));
        nango.proxy.mockResolvedValueOnce({ status: 200, data: '<Envelope><Body><mergeResponse><result><errors><message>entity is deleted</message><statusCode>ENTITY_IS_DELETED</statusCode></errors><id xsi:nil="true"/><success>false</success></result></mergeResponse></Body></Envelope>', headers: {} } as never);
        expect(await actionErrorOf(run(action, nango, { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER] }))).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED' });
    });

    it.each([
        ['a fourth record', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER, '001D000000IqhSNIAZ', '001D000000IqhSOIAZ'] }, 'mergeRecordIds'],
        ['the master among the losers', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [MASTER] }, 'mergeRecordIds[0]'],
        ['a Contact id among Accounts', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: ['0035g00000AbC01AAF'] }, 'mergeRecordIds[0]'],
        ['an object merge does not take', { sObject: 'Opportunity', masterRecordId: '006D000000CkVxTIAV', mergeRecordIds: ['006D000000CkVxUIAV'] }, 'sObject'],
        ['a value from a record not merged', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER], fieldValuesFrom: { Phone: '001D000000IqhSNIAZ' } }, 'fieldValuesFrom.Phone'],
        ['the same loser twice', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER, LOSER.slice(0, 15)] }, 'mergeRecordIds[1]'],
        ['a field name with XML', { sObject: 'Account', masterRecordId: MASTER, mergeRecordIds: [LOSER], fieldValuesFrom: { '<x>': LOSER } }, 'fieldValuesFrom']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('merge-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', status: null });
        expect(error.fields.some((f) => f.startsWith(field))).toBe(true);
        expect(requestCount(nango)).toBe(0);
    });
});
