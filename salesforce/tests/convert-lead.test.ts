import { describe, expect, it } from 'vitest';

import action from '../actions/convert-lead.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

/** The connection's OAuth access token (fixture nango.getConnection), sent as the SOAP session id. */
const TOKEN = '00D5g000004XyZ1!AQ4AQH0dMHZfz972Szy4JgKt3ghE2rAQIgk0wVP9pOXtrF1wU4D9jM3rSu9kDBF36CHLTjhpQXPLpsg7XEydGE0UDuH2S.Ba';
const LEAD = '00Q5g00000Ld001EAB';
const LEAD_STATUS_QUERY = 'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsConverted = true ORDER BY SortOrder ASC LIMIT 1';
const SOAP_ENDPOINT = '/services/Soap/u/66.0';
const SOAP_HEADERS = { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' };

function envelope(leadConvert: string): string {
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' +
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">' +
        `<soapenv:Header><urn:SessionHeader><urn:sessionId>${TOKEN}</urn:sessionId></urn:SessionHeader></soapenv:Header>` +
        `<soapenv:Body><urn:convertLead><urn:leadConverts>${leadConvert}</urn:leadConverts></urn:convertLead></soapenv:Body>` +
        '</soapenv:Envelope>'
    );
}

describe('salesforce convert-lead', () => {
    it('reads the converted status, converts over SOAP and returns the new ids', async () => {
        const nango = actionMock('convert-lead');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('without convertedStatus, first asks LeadStatus for the first converted status', async () => {
        const nango = actionMock('convert-lead');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toHaveLength(2);
        expect(requests(nango)[0]).toEqual({ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: LEAD_STATUS_QUERY }, retries: 3 });
    });

    it('sends the SOAP convertLead call once (never retried) with the session id from the connection and the exact envelope', async () => {
        const nango = actionMock('convert-lead');
        await run(action, nango, await nango.getInput());
        expect(nango.getConnection).toHaveBeenCalled();
        expect(requests(nango)[1]).toEqual({
            method: 'POST',
            endpoint: SOAP_ENDPOINT,
            retries: 0,
            headers: SOAP_HEADERS,
            responseType: 'text',
            data: envelope(
                // the status's API value (LeadStatus.ApiName "Closed_Converted"), not its label MasterLabel "Closed - Converted"
                '<urn:convertedStatus>Closed_Converted</urn:convertedStatus>' +
                    `<urn:leadId>${LEAD}</urn:leadId>` +
                    '<urn:sendNotificationEmail>false</urn:sendNotificationEmail>'
            )
        });
    });

    it('with convertedStatus makes no LeadStatus query, merges into the given account and contact, and returns a null opportunityId (xsi:nil)', async () => {
        const nango = actionMock('convert-lead');
        const output = await run(action, nango, {
            recordId: '00Q5g00000Ld002',
            convertedStatus: 'Qualified',
            accountId: '001D000000IqhSLIAZ',
            contactId: '0035g00000AbC01AAF',
            ownerId: '0055g00000Us0B2AAJ',
            doNotCreateOpportunity: true,
            overwriteLeadSource: true,
            sendNotificationEmail: true
        });
        expect(output).toEqual({
            leadId: '00Q5g00000Ld002EAB',
            accountId: '001D000000IqhSLIAZ',
            contactId: '0035g00000AbC01AAF',
            opportunityId: null,
            convertedStatus: 'Qualified'
        });
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({
            method: 'POST',
            endpoint: SOAP_ENDPOINT,
            headers: SOAP_HEADERS,
            data: envelope(
                '<urn:accountId>001D000000IqhSLIAZ</urn:accountId><urn:contactId>0035g00000AbC01AAF</urn:contactId>' +
                    '<urn:convertedStatus>Qualified</urn:convertedStatus><urn:doNotCreateOpportunity>true</urn:doNotCreateOpportunity>' +
                    '<urn:leadId>00Q5g00000Ld002EAB</urn:leadId><urn:overwriteLeadSource>true</urn:overwriteLeadSource>' +
                    '<urn:ownerId>0055g00000Us0B2AAJ</urn:ownerId><urn:sendNotificationEmail>true</urn:sendNotificationEmail>'
            )
        });
    });

    it('escapes & < > " \' in the values it puts in the envelope', async () => {
        const nango = actionMock('convert-lead');
        const output = await run(action, nango, {
            recordId: '00Q5g00000Ld003EAB',
            convertedStatus: `Won & "Closed" <Q'1>`,
            opportunityName: `Smith & Sons <EMEA> "Q3" 'big'`
        });
        expect(requests(nango)[0]?.['data']).toBe(
            envelope(
                '<urn:convertedStatus>Won &amp; &quot;Closed&quot; &lt;Q&apos;1&gt;</urn:convertedStatus>' +
                    '<urn:leadId>00Q5g00000Ld003EAB</urn:leadId>' +
                    '<urn:opportunityName>Smith &amp; Sons &lt;EMEA&gt; &quot;Q3&quot; &apos;big&apos;</urn:opportunityName>' +
                    '<urn:sendNotificationEmail>false</urn:sendNotificationEmail>'
            )
        );
        expect(output).toEqual({
            leadId: '00Q5g00000Ld003EAB',
            accountId: '001D000000IqhSMIAZ',
            contactId: '0035g00000AbC02AAF',
            opportunityId: '0065g00000Op002AAB',
            convertedStatus: `Won & "Closed" <Q'1>`
        });
    });

    it('reports a result with success false with its errors (code, unescaped message, fields)', async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdCNVEA3', convertedStatus: 'Working - Contacted' }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_STATUS', status: 400, fields: ['Status'] });
        expect(error.errors).toEqual([{ errorCode: 'INVALID_STATUS', message: '"Working - Contacted" is not a converted lead status', fields: ['Status'] }]);
        expect(error.message).toContain('"Working - Contacted" is not a converted lead status');
    });

    it('reports a SOAP fault INVALID_SESSION_ID as unauthorized with the HTTP status Salesforce answered', async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdACCEA3', convertedStatus: 'Closed - Converted' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 500 });
        expect(error.message).toContain('Invalid Session ID found in SessionHeader');
        expect(requests(nango)).toHaveLength(1);
    });

    it('refuses to guess when the org has no converted lead status, and sends no SOAP call', async () => {
        const nango = actionMock('convert-lead');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { totalSize: 0, done: true, records: [] }, headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]?.['params']).toEqual({ q: LEAD_STATUS_QUERY });
    });

    it('never sends a label for the status: a LeadStatus row without ApiName is refused, no SOAP call', async () => {
        const nango = actionMock('convert-lead');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { totalSize: 1, done: true, records: [{ MasterLabel: 'Closed - Converted' }] }, headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(requests(nango)).toHaveLength(1);
    });

    it('stops when the LeadStatus query fails', async () => {
        const nango = actionMock('convert-lead');
        nango.proxy.mockResolvedValueOnce({ status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['contactId without accountId', { recordId: LEAD, convertedStatus: 'Qualified', contactId: '0035g00000AbC01AAF' }, 'contactId'],
        ['opportunityName with doNotCreateOpportunity', { recordId: LEAD, convertedStatus: 'Qualified', doNotCreateOpportunity: true, opportunityName: 'Acme deal' }, 'opportunityName'],
        ['no recordId', { convertedStatus: 'Qualified' }, 'recordId'],
        ['a recordId with a wrong checksum', { recordId: '00Q5g00000Ld001AAA' }, 'recordId'],
        ['a recordId with a quote', { recordId: "00Q5g00000Ld001' OR Id != '" }, 'recordId'],
        ['an empty convertedStatus', { recordId: LEAD, convertedStatus: '' }, 'convertedStatus'],
        ['a convertedStatus over 255 characters', { recordId: LEAD, convertedStatus: 'x'.repeat(256) }, 'convertedStatus'],
        ['an opportunityName over 120 characters', { recordId: LEAD, opportunityName: 'x'.repeat(121) }, 'opportunityName'],
        ['doNotCreateOpportunity as text', { recordId: LEAD, doNotCreateOpportunity: 'yes' }, 'doNotCreateOpportunity'],
        ['an accountId that is not an id', { recordId: LEAD, accountId: '001</urn:accountId>' }, 'accountId']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
        expect(nango.getConnection).not.toHaveBeenCalled();
    });

    // Was a bug (fixed): salesforce/actions/convert-lead.ts validates recordId with recordIdSchema only (no key-prefix check) and then
    // uses toId18(input.recordId), so a Contact id is sent to Salesforce as the leadId instead of being refused as
    // invalid_input before any request (every other action refuses a wrong-prefix recordId via assertRecordId(…, sObject)).
    it('refuses a Contact id as the lead to convert, before any request', async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '0035g00000AbC01AAF', convertedStatus: 'Closed - Converted' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['recordId'] });
        expect(requestCount(nango)).toBe(0);
    });
});
