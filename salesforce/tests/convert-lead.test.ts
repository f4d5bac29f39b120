import { describe, expect, it } from 'vitest';

import action from '../actions/convert-lead.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

/** The connection's OAuth access token (fixture nango.getConnection), sent as the SOAP session id. */
const TOKEN = '00D5g000004XyZ1!AQ4AQH0dMHZfz972Szy4JgKt3ghE2rAQIgk0wVP9pOXtrF1wU4D9jM3rSu9kDBF36CHLTjhpQXPLpsg7XEydGE0UDuH2S.Ba';
const LEAD = '00Q5g00000Ld001EAB';
const LEAD_STATUS_QUERY = 'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsConverted = true ORDER BY SortOrder ASC';
const leadPath = (id: string): string => `/services/data/v66.0/sobjects/Lead/${id}`;
type Mock = ReturnType<typeof actionMock>;
/** Answers calls whose endpoint contains a key with its answer (a function may throw); every other call as the fixture does. */
function answer(nango: Mock, overrides: Record<string, (config: any) => unknown>): void {
    const fixture = nango.proxy.getMockImplementation();
    nango.proxy.mockImplementation(async (config: any) => {
        const key = Object.keys(overrides).find((k) => String(config?.endpoint).includes(k));
        return (key ? overrides[key]?.(config) : fixture?.(config)) as never;
    });
}
const ok = (data: unknown) => ({ status: 200, data, headers: {} });
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

    it('first reads the lead (converted already? which record type?), then, without a record type, the converted LeadStatus values', async () => {
        const nango = actionMock('convert-lead');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toHaveLength(3);
        expect(requests(nango)[0]).toEqual({ method: 'GET', endpoint: leadPath(LEAD), retries: 3 });
        expect(requests(nango)[1]).toEqual({ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: LEAD_STATUS_QUERY }, retries: 3 });
    });

    it('sends the SOAP convertLead call once (never retried) with the session id from the connection and the exact envelope', async () => {
        const nango = actionMock('convert-lead');
        await run(action, nango, await nango.getInput());
        expect(nango.getConnection).toHaveBeenCalled();
        expect(requests(nango)[2]).toEqual({
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

    it('with convertedStatus checks it against the converted statuses, merges into the given account and contact, and returns a null opportunityId (xsi:nil)', async () => {
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
            convertedStatus: 'Qualified',
            alreadyConverted: false
        });
        expect(requests(nango)).toHaveLength(3);
        expect(requests(nango)[2]).toMatchObject({
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
        expect(requests(nango)[2]?.['data']).toBe(
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
            convertedStatus: `Won & "Closed" <Q'1>`,
            alreadyConverted: false
        });
    });

    it('refuses a convertedStatus that is not a converted status of the lead (invalid_input listing the valid ones), with no SOAP call', async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdCNVEA3', convertedStatus: 'Working - Contacted' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(error.message).toContain('"Closed_Converted", "Qualified"');
        expect(requests(nango).map((r) => r['method'])).toEqual(['GET', 'GET']);
    });

    it('reports a result with success false with its errors (code, unescaped message, fields)', async () => {
        const nango = actionMock('convert-lead');
        // Salesforce refusing a status our check let through (the fixture org lists it as converted)
        answer(nango, { '/query': () => ok({ totalSize: 1, done: true, records: [{ ApiName: 'Working - Contacted' }] }) });
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdCNVEA3', convertedStatus: 'Working - Contacted' }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_STATUS', status: 400, fields: ['Status'] });
        expect(error.errors).toEqual([{ errorCode: 'INVALID_STATUS', message: '"Working - Contacted" is not a converted lead status', fields: ['Status'] }]);
        expect(error.message).toContain('"Working - Contacted" is not a converted lead status');
    });

    it("for a lead with a record type, takes the converted statuses of its lead process from the UI API and sends that org's API value", async () => {
        const nango = actionMock('convert-lead');
        // the INVALID_SESSION_ID fixture answers its SOAP call; what matters here is the status sent
        await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdACCEA3' }));
        expect(requests(nango)[1]).toEqual({ method: 'GET', endpoint: '/services/data/v66.0/ui-api/object-info/Lead/picklist-values/0125g000000LdRTAA0/Status', retries: 3 });
        expect(requests(nango)[2]?.['data']).toContain('<urn:convertedStatus>Closed - Converted</urn:convertedStatus>');
        expect(requests(nango).map((r) => r['endpoint'])).not.toContain('/services/data/v66.0/query');
    });

    it("refuses a status of the org that the lead's process does not offer, naming the process's converted values", async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdACCEA3', convertedStatus: 'Closed_Converted' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(error.message).toContain('lead process of record type 0125g000000LdRTAA0 (API values: "Closed - Converted")');
        expect(requests(nango)).toHaveLength(2);
    });

    it('without attributes in the UI API answer, intersects the record type values with LeadStatus IsConverted', async () => {
        const nango = actionMock('convert-lead');
        answer(nango, {
            'ui-api': () => ok({ values: [{ value: 'Open', attributes: null }, { value: 'Qualified', attributes: null }, { value: 'Closed_Converted', attributes: null }] }),
            '/Soap/': () => {
                throw Object.assign(new Error('stop'), { response: { status: 500, data: '<soapenv:Envelope><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>x</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>', headers: {} } });
            }
        });
        await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdACCEA3' }));
        expect(requests(nango)[2]?.['params']).toEqual({ q: LEAD_STATUS_QUERY });
        // picklist order of the record type: Qualified comes before Closed_Converted there
        expect(requests(nango)[3]?.['data']).toContain('<urn:convertedStatus>Qualified</urn:convertedStatus>');
    });

    describe('re-runs (Nango runs a failed action again)', () => {
        const DONE = '00Q5g00000LdDONEA3';
        it('reports a lead already converted as that conversion (alreadyConverted), with no SOAP call', async () => {
            const nango = actionMock('convert-lead');
            const output = await run(action, nango, { recordId: DONE, opportunityName: 'ignored on a re-run' });
            expect(output).toEqual({ leadId: DONE, accountId: '001D000000IqhSNIAZ', contactId: '0035g00000AbC03AAF', opportunityId: null, convertedStatus: 'Closed_Converted', alreadyConverted: true });
            expect(requests(nango)).toHaveLength(1);
            expect(nango.getConnection).not.toHaveBeenCalled();
        });

        it('accepts a re-run naming the account it was converted into', async () => {
            const nango = actionMock('convert-lead');
            const output = await run(action, nango, { recordId: DONE, accountId: '001D000000IqhSN' });
            expect(output).toMatchObject({ alreadyConverted: true, accountId: '001D000000IqhSNIAZ' });
        });

        it('refuses to report a conversion into another account than the one asked for (CANNOT_UPDATE_CONVERTED_LEAD)', async () => {
            const nango = actionMock('convert-lead');
            const error = await actionErrorOf(run(action, nango, { recordId: DONE, accountId: '001D000000IqhSLIAZ', contactId: '0035g00000AbC01AAF' }));
            expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: ['accountId'], convertedAccountId: '001D000000IqhSNIAZ' });
            expect(requests(nango)).toHaveLength(1);
        });

        it.each([
            ['its answer is lost (connection reset)', () => {
                throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
            }],
            ['Salesforce refuses it as CANNOT_UPDATE_CONVERTED_LEAD (converted meanwhile)', () =>
                ok('<soapenv:Envelope><soapenv:Body><convertLeadResponse><result><errors><message>cannot reference converted lead</message><statusCode>CANNOT_UPDATE_CONVERTED_LEAD</statusCode></errors><success>false</success></result></convertLeadResponse></soapenv:Body></soapenv:Envelope>')],
            ['the answer is no convertLead result (a 500 HTML page: the outcome is unknown)', () => ({ status: 500, data: '<html><body>Service Unavailable</body></html>', headers: {} })]
        ])('when the SOAP call fails because %s, reads the lead again and returns the conversion found there', async (_label, soap) => {
            const nango = actionMock('convert-lead');
            let reads = 0;
            answer(nango, {
                '/Soap/': soap,
                [leadPath(LEAD)]: () => ok(++reads === 1 ? { Id: LEAD, IsConverted: false } : { Id: LEAD, IsConverted: true, Status: 'Closed_Converted', ConvertedAccountId: '001D000000IqhSN', ConvertedContactId: '0035g00000AbC03AAF', ConvertedOpportunityId: '0065g00000Op003AAB' })
            });
            const output = await run(action, nango, { recordId: LEAD });
            expect(output).toEqual({ leadId: LEAD, accountId: '001D000000IqhSNIAZ', contactId: '0035g00000AbC03AAF', opportunityId: '0065g00000Op003AAB', convertedStatus: 'Closed_Converted', alreadyConverted: true });
            expect(requests(nango).filter((r) => r['endpoint'] === SOAP_ENDPOINT)).toHaveLength(1);
        });

        it('after a lost answer with the lead still not converted, reports the network error (a re-run is safe)', async () => {
            const nango = actionMock('convert-lead');
            answer(nango, {
                '/Soap/': () => {
                    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
                }
            });
            const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
            expect(error).toMatchObject({ type: 'network_error' });
            expect(requests(nango).map((r) => r['endpoint'])).toEqual([leadPath(LEAD), '/services/data/v66.0/query', SOAP_ENDPOINT, leadPath(LEAD)]);
        });
    });

    it('reports a SOAP fault INVALID_SESSION_ID as unauthorized with the HTTP status Salesforce answered', async () => {
        const nango = actionMock('convert-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: '00Q5g00000LdACCEA3', convertedStatus: 'Closed - Converted' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 500 });
        expect(error.message).toContain('Invalid Session ID found in SessionHeader');
        expect(requests(nango)).toHaveLength(3);
    });

    it('refuses to guess when the org has no converted lead status, and sends no SOAP call', async () => {
        const nango = actionMock('convert-lead');
        answer(nango, { '/query': () => ok({ totalSize: 0, done: true, records: [] }) });
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(requests(nango)).toHaveLength(2);
        expect(requests(nango)[1]?.['params']).toEqual({ q: LEAD_STATUS_QUERY });
    });

    it('never sends a label for the status: a LeadStatus row without ApiName is refused, no SOAP call', async () => {
        const nango = actionMock('convert-lead');
        answer(nango, { '/query': () => ok({ totalSize: 1, done: true, records: [{ MasterLabel: 'Closed - Converted' }] }) });
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['convertedStatus'] });
        expect(requests(nango)).toHaveLength(2);
    });

    it('stops when the LeadStatus query fails', async () => {
        const nango = actionMock('convert-lead');
        answer(nango, {
            '/query': () => {
                throw Object.assign(new Error('401'), { response: { status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], headers: {} } });
            }
        });
        const error = await actionErrorOf(run(action, nango, { recordId: LEAD }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(requests(nango)).toHaveLength(2);
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
