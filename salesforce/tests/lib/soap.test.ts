import { describe, expect, it } from 'vitest';

import { SOAP_PATH, convertLeadEnvelope, elements, escapeXml, parseConvertLeadResponse, textOf, unescapeXml } from '../../lib/crm/soap.js';

const RESPONSE_HEAD =
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<soapenv:Body><convertLeadResponse>';
const RESPONSE_TAIL = '</convertLeadResponse></soapenv:Body></soapenv:Envelope>';
const response = (result: string): string => `${RESPONSE_HEAD}<result>${result}</result>${RESPONSE_TAIL}`;

describe('SOAP path', () => {
    it('is the partner endpoint of API 66.0', () => {
        expect(SOAP_PATH).toBe('/services/Soap/u/66.0');
    });
});

describe('escapeXml / unescapeXml', () => {
    it('escapes the five XML special characters', () => {
        expect(escapeXml(`Smith & Sons <EMEA> "Q3" 'big'`)).toBe('Smith &amp; Sons &lt;EMEA&gt; &quot;Q3&quot; &apos;big&apos;');
    });

    it('escapes an ampersand that already looks like an entity (no double meaning)', () => {
        expect(escapeXml('&amp; &#60;')).toBe('&amp;amp; &amp;#60;');
    });

    it('drops characters XML 1.0 cannot carry but keeps tab, newline and carriage return', () => {
        expect(escapeXml('a\u0000b\u0001c\u000bd\u001fe\uffff')).toBe('abcde');
        expect(escapeXml('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    });

    it('unescapes named, decimal and hexadecimal entities', () => {
        expect(unescapeXml('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;')).toBe(`<a> & "b" 'c'`);
        expect(unescapeXml('caf&#233; &#39;x&#39; &#x41;&#x1F600;')).toBe("café 'x' A😀");
    });

    it('unescapes once: &amp;lt; is the text &lt;, not <', () => {
        expect(unescapeXml('&amp;lt;')).toBe('&lt;');
    });

    it('reads a character reference XML cannot name (past U+10FFFF, a surrogate) as U+FFFD instead of throwing', () => {
        expect(unescapeXml('a&#x110000;b&#xD800;c&#99999999999;d')).toBe('a\ufffdb\ufffdc\ufffdd');
    });

    it('leaves unknown entities and bare ampersands as they are', () => {
        expect(unescapeXml('&nbsp; & &foo;')).toBe('&nbsp; & &foo;');
    });

    it.each([`Smith & Sons <EMEA> "Q3" 'big'`, '&amp; &#60; already escaped', 'café 😀 – “quotes”', '<![CDATA[x]]>', ''])('round-trips %j', (text) => {
        expect(unescapeXml(escapeXml(text))).toBe(text);
    });
});

describe('elements / textOf', () => {
    it('finds elements by local name with or without a namespace prefix, in order', () => {
        const xml = '<r><sf:leadId>1</sf:leadId><leadId>2</leadId><ns1.x-y:leadId attr="a">3</ns1.x-y:leadId></r>';
        expect(elements(xml, 'leadId')).toEqual(['1', '2', '3']);
    });

    it('does not take an element whose name only starts or ends with the one asked for', () => {
        const xml = '<r><leadIds>x</leadIds><relatedPersonAccountId>y</relatedPersonAccountId><accountId>z</accountId></r>';
        expect(elements(xml, 'leadId')).toEqual([]);
        expect(elements(xml, 'accountId')).toEqual(['z']);
    });

    it('gives an empty string for self-closing and nil elements', () => {
        expect(elements('<r><opportunityId xsi:nil="true"/></r>', 'opportunityId')).toEqual(['']);
        expect(elements('<r><opportunityId/></r>', 'opportunityId')).toEqual(['']);
    });

    it('keeps inner XML and spans lines', () => {
        expect(elements('<errors>\n  <message>m</message>\n  <statusCode>C</statusCode>\n</errors>', 'errors')).toEqual(['\n  <message>m</message>\n  <statusCode>C</statusCode>\n']);
    });

    it('textOf returns the trimmed, unescaped text of the first element', () => {
        expect(textOf('<r><message>  Smith &amp; Sons &lt;EMEA&gt;  </message><message>second</message></r>', 'message')).toBe('Smith & Sons <EMEA>');
    });

    it('textOf returns null for an absent, empty or nil element', () => {
        expect(textOf('<r></r>', 'leadId')).toBeNull();
        expect(textOf('<r><leadId></leadId></r>', 'leadId')).toBeNull();
        expect(textOf('<r><leadId xsi:nil="true"/></r>', 'leadId')).toBeNull();
    });

    // Was a bug (fixed): salesforce/lib/soap.ts elements() (line 29): in `(?:\s[^>]*)?(?:/>|>…)` the greedy `[^>]*` also swallows the
    // "/" of a self-closing element WITH attributes, so `<a x="1"/>` is read as an opening tag whenever a later `</a>`
    // exists: elements('<r><a x="1"/><a>2</a></r>', 'a') returns ['<a>2'] instead of ['', '2'] (a nil element then
    // "contains" the next one). `<a/>` without attributes is read correctly.
    it('reads a self-closing element with attributes followed by a same-name element as two elements', () => {
        expect(elements('<r><opportunityId xsi:nil="true"/><opportunityId>0065g00000Op001AAB</opportunityId></r>', 'opportunityId')).toEqual(['', '0065g00000Op001AAB']);
    });
});

describe('convertLeadEnvelope', () => {
    it('puts every given LeadConvert field in WSDL order, escapes values and the session id, and omits absent ones', () => {
        const xml = convertLeadEnvelope('00D!a&b<c', {
            leadId: '00Q5g00000Ld001EAB',
            convertedStatus: 'Closed & "Converted"',
            accountId: '001D000000IqhSLIAZ',
            contactId: '0035g00000AbC01AAF',
            ownerId: '0055g00000Us0A1AAJ',
            opportunityName: "O'Brien <deal>",
            doNotCreateOpportunity: false,
            overwriteLeadSource: true,
            sendNotificationEmail: false
        });
        expect(xml).toBe(
            '<?xml version="1.0" encoding="UTF-8"?>' +
                '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">' +
                '<soapenv:Header><urn:SessionHeader><urn:sessionId>00D!a&amp;b&lt;c</urn:sessionId></urn:SessionHeader></soapenv:Header>' +
                '<soapenv:Body><urn:convertLead><urn:leadConverts>' +
                '<urn:accountId>001D000000IqhSLIAZ</urn:accountId>' +
                '<urn:contactId>0035g00000AbC01AAF</urn:contactId>' +
                '<urn:convertedStatus>Closed &amp; &quot;Converted&quot;</urn:convertedStatus>' +
                '<urn:doNotCreateOpportunity>false</urn:doNotCreateOpportunity>' +
                '<urn:leadId>00Q5g00000Ld001EAB</urn:leadId>' +
                '<urn:opportunityName>O&apos;Brien &lt;deal&gt;</urn:opportunityName>' +
                '<urn:overwriteLeadSource>true</urn:overwriteLeadSource>' +
                '<urn:ownerId>0055g00000Us0A1AAJ</urn:ownerId>' +
                '<urn:sendNotificationEmail>false</urn:sendNotificationEmail>' +
                '</urn:leadConverts></urn:convertLead></soapenv:Body></soapenv:Envelope>'
        );
    });

    it('carries only leadId and convertedStatus when nothing else is given', () => {
        const xml = convertLeadEnvelope('TOKEN', { leadId: '00Q5g00000Ld001EAB', convertedStatus: 'Closed - Converted' });
        expect(elements(xml, 'leadConverts')).toEqual(['<urn:convertedStatus>Closed - Converted</urn:convertedStatus><urn:leadId>00Q5g00000Ld001EAB</urn:leadId>']);
    });

    it('cannot be broken out of by a value that closes its element', () => {
        const xml = convertLeadEnvelope('TOKEN', { leadId: '00Q5g00000Ld001EAB', convertedStatus: 'x</urn:convertedStatus><urn:ownerId>005</urn:ownerId>' });
        expect(elements(xml, 'ownerId')).toEqual([]);
        expect(textOf(xml, 'convertedStatus')).toBe('x</urn:convertedStatus><urn:ownerId>005</urn:ownerId>');
    });
});

describe('parseConvertLeadResponse', () => {
    it('reads a successful result with an opportunity', () => {
        const xml = response(
            '<accountId>001D000000IqhSNIAZ</accountId><contactId>0035g00000AbC03AAF</contactId><leadId>00Q5g00000Ld001EAB</leadId>' +
                '<opportunityId>0065g00000Op003AAB</opportunityId><relatedPersonAccountId xsi:nil="true"/><success>true</success>'
        );
        expect(parseConvertLeadResponse(xml)).toEqual({
            result: {
                leadId: '00Q5g00000Ld001EAB',
                accountId: '001D000000IqhSNIAZ',
                contactId: '0035g00000AbC03AAF',
                opportunityId: '0065g00000Op003AAB',
                success: true,
                errors: []
            }
        });
    });

    it('reads a successful result without an opportunity (xsi:nil) as opportunityId null', () => {
        const xml = response(
            '<accountId>001D000000IqhSLIAZ</accountId><contactId>0035g00000AbC01AAF</contactId><leadId>00Q5g00000Ld002EAB</leadId>' +
                '<opportunityId xsi:nil="true"/><relatedPersonAccountId xsi:nil="true"/><success>true</success>'
        );
        expect(parseConvertLeadResponse(xml)).toMatchObject({ result: { opportunityId: null, accountId: '001D000000IqhSLIAZ', success: true } });
    });

    it('reads a failed result with its errors, each with code, unescaped message and fields', () => {
        const xml = response(
            '<accountId xsi:nil="true"/><contactId xsi:nil="true"/>' +
                '<errors><fields>Company</fields><fields>LastName</fields><message>Required fields are missing: [Company, LastName]</message><statusCode>REQUIRED_FIELD_MISSING</statusCode></errors>' +
                '<errors><message>Owner &amp; queue &lt;EMEA&gt; is inactive</message><statusCode>INACTIVE_OWNER_OR_USER</statusCode></errors>' +
                '<leadId xsi:nil="true"/><opportunityId xsi:nil="true"/><success>false</success>'
        );
        expect(parseConvertLeadResponse(xml)).toEqual({
            result: {
                leadId: null,
                accountId: null,
                contactId: null,
                opportunityId: null,
                success: false,
                errors: [
                    { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company, LastName]', fields: ['Company', 'LastName'] },
                    { errorCode: 'INACTIVE_OWNER_OR_USER', message: 'Owner & queue <EMEA> is inactive', fields: [] }
                ]
            }
        });
    });

    it('reads result elements that carry a namespace prefix', () => {
        const xml =
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:partner.soap.sforce.com"><soapenv:Body><ns1:convertLeadResponse><ns1:result>' +
            '<ns1:accountId>001D000000IqhSLIAZ</ns1:accountId><ns1:contactId>0035g00000AbC01AAF</ns1:contactId><ns1:leadId>00Q5g00000Ld001EAB</ns1:leadId>' +
            '<ns1:opportunityId>0065g00000Op001AAB</ns1:opportunityId><ns1:success>true</ns1:success></ns1:result></ns1:convertLeadResponse></soapenv:Body></soapenv:Envelope>';
        expect(parseConvertLeadResponse(xml)).toMatchObject({ result: { leadId: '00Q5g00000Ld001EAB', opportunityId: '0065g00000Op001AAB', success: true } });
    });

    it('reads a SOAP fault as { fault } with the code without its prefix and the fault string', () => {
        const xml =
            '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
            '<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>' +
            '<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>' +
            '<sf:exceptionMessage>Invalid Session ID found in SessionHeader: Illegal Session</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>' +
            '</soapenv:Fault></soapenv:Body></soapenv:Envelope>';
        expect(parseConvertLeadResponse(xml)).toEqual({
            fault: { errorCode: 'INVALID_SESSION_ID', message: 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session', fields: [] }
        });
    });

    it('reads a fault with an unprefixed code and an escaped fault string', () => {
        const xml = '<soapenv:Envelope xmlns:soapenv="x"><soapenv:Body><soapenv:Fault><faultcode>Client</faultcode><faultstring>Element &lt;foo&gt; invalid</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
        expect(parseConvertLeadResponse(xml)).toEqual({ fault: { errorCode: 'Client', message: 'Element <foo> invalid', fields: [] } });
    });

    it('reports an answer without a result as UNEXPECTED_RESPONSE', () => {
        expect(parseConvertLeadResponse('<html><body>Service Unavailable</body></html>')).toEqual({
            fault: { errorCode: 'UNEXPECTED_RESPONSE', message: 'Salesforce answered without a convertLead result', fields: [] }
        });
    });
});
