/** LeadStatus, OpportunityStage, closing deals and SOAP convertLead (reference §8), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, q, type Client } from './helpers.js';

let c: Client;
let custom: Client;
beforeAll(async () => {
    [c, custom] = await Promise.all([
        start({ volume: 10 }),
        start({
            volume: 5,
            opportunityStages: [
                { name: 'Discovery', probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
                { name: 'Signed', label: 'Contract Signed', probability: 100, isClosed: true, isWon: true, forecast: 'Closed' },
                { name: 'Lost', probability: 0, isClosed: true, isWon: false, forecast: 'Omitted' },
                { name: 'Old Stage', probability: 5, isClosed: false, isWon: false, forecast: 'Pipeline', isActive: false }
            ],
            leadStatuses: [
                { name: 'New', isConverted: false, isDefault: true },
                { name: 'Qualified', isConverted: true }
            ]
        })
    ]);
});
afterAll(async () => {
    await Promise.all([c.emu.stop(), custom.emu.stop()]);
});

describe('LeadStatus and OpportunityStage', () => {
    it('are queryable picklist-master objects', async () => {
        const ls = await c.sf(q('SELECT MasterLabel, ApiName, IsConverted, IsDefault, SortOrder FROM LeadStatus WHERE IsConverted = true'));
        expect(ls.status).toBe(200);
        expect(ls.body.records).toEqual([{ attributes: expect.objectContaining({ type: 'LeadStatus' }), MasterLabel: 'Closed - Converted', ApiName: 'Closed - Converted', IsConverted: true, IsDefault: false, SortOrder: 3 }]);
        const os = await c.sf(q('SELECT MasterLabel, ApiName, IsActive, IsClosed, IsWon, DefaultProbability, ForecastCategoryName, SortOrder FROM OpportunityStage WHERE IsActive = true AND IsClosed = true ORDER BY SortOrder'));
        expect(os.body.records.map((r: { ApiName: string; IsWon: boolean; DefaultProbability: number; ForecastCategoryName: string }) => [r.ApiName, r.IsWon, r.DefaultProbability, r.ForecastCategoryName])).toEqual([
            ['Closed Won', true, 100, 'Closed'],
            ['Closed Lost', false, 0, 'Omitted']
        ]);
    });

    it('cannot be written through the API', async () => {
        const ins = await c.sf('sobjects/OpportunityStage', { method: 'POST', json: { MasterLabel: 'X' } });
        expect(ins.status).toBe(400);
        const id = c.emu.org.list('LeadStatus')[0]?.['Id'] as string;
        const upd = await c.sf(`sobjects/LeadStatus/${id}`, { method: 'PATCH', json: {} });
        expect(upd.status).toBe(400);
        expect(upd.body[0].errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
    });

    it('custom stages drive IsClosed/IsWon/Probability/ForecastCategoryName; direct writes are refused', async () => {
        const stages = await custom.sf(q('SELECT MasterLabel, ApiName FROM OpportunityStage WHERE IsWon = true'));
        expect(stages.body.records).toMatchObject([{ MasterLabel: 'Contract Signed', ApiName: 'Signed' }]);
        const created = await custom.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'Deal', StageName: 'Discovery', CloseDate: '2030-01-01' } });
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        const read = async () => (await custom.sf(`sobjects/Opportunity/${id}?fields=IsClosed,IsWon,Probability,ForecastCategoryName`)).body;
        expect(await read()).toMatchObject({ IsClosed: false, IsWon: false, Probability: 10, ForecastCategoryName: 'Pipeline' });
        expect((await custom.sf(`sobjects/Opportunity/${id}`, { method: 'PATCH', json: { StageName: 'Signed' } })).status).toBe(204);
        expect(await read()).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100, ForecastCategoryName: 'Closed' });
        await custom.sf(`sobjects/Opportunity/${id}`, { method: 'PATCH', json: { StageName: 'Lost' } });
        expect(await read()).toMatchObject({ IsClosed: true, IsWon: false, Probability: 0, ForecastCategoryName: 'Omitted' });
        for (const field of ['IsWon', 'IsClosed']) {
            const res = await custom.sf(`sobjects/Opportunity/${id}`, { method: 'PATCH', json: { [field]: true } });
            expect(res.status).toBe(400);
            expect(res.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: [field] });
        }
        const picklist = (await custom.sf('sobjects/Opportunity/describe')).body.fields.find((f: { name: string }) => f.name === 'StageName').picklistValues.map((p: { value: string }) => p.value);
        expect(picklist).toEqual(['Discovery', 'Signed', 'Lost', 'Old Stage']);
        const seeded = custom.emu.org.list('Opportunity').map((o) => o['StageName']);
        expect(seeded.every((st) => ['Discovery', 'Signed', 'Lost'].includes(st as string))).toBe(true);
    });
});

const envelope = (token: string, converts: string, op = 'convertLead'): string =>
    `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>${token}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:${op}>${converts}</urn:${op}></soapenv:Body></soapenv:Envelope>`;
const lc = (fields: Record<string, string | boolean>): string =>
    `<urn:leadConverts>${Object.entries(fields)
        .map(([k, v]) => `<urn:${k}>${String(v)}</urn:${k}>`)
        .join('')}</urn:leadConverts>`;

async function soap(client: Client, xml: string, headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' }) {
    const res = await fetch(`${client.emu.url}/services/Soap/u/62.0`, { method: 'POST', headers, body: xml });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
const tag = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1] as string);

describe('SOAP convertLead (§8.1)', () => {
    it('converts a lead into a new account, contact and opportunity', async () => {
        const lead = c.emu.org.insert('Lead', { FirstName: 'Ada', LastName: 'Convert', Company: 'Convert Co', Email: 'ada@convert.example.com', LeadSource: 'Web' });
        const res = await soap(c, envelope(c.emu.accessToken, lc({ leadId: lead['Id'] as string, convertedStatus: 'Closed - Converted' })));
        expect(res.status).toBe(200);
        expect(res.type).toMatch(/^text\/xml/);
        expect(res.text).toContain('<convertLeadResponse>');
        expect(tag(res.text, 'success')).toEqual(['true']);
        const [accountId] = tag(res.text, 'accountId');
        const [contactId] = tag(res.text, 'contactId');
        const [opportunityId] = tag(res.text, 'opportunityId');
        expect(tag(res.text, 'leadId')).toEqual([lead['Id']]);
        expect(accountId).toMatch(/^001/);
        expect(contactId).toMatch(/^003/);
        expect(opportunityId).toMatch(/^006/);
        const org = c.emu.org;
        expect(org.get(accountId as string)?.['Name']).toBe('Convert Co');
        expect(org.get(contactId as string)).toMatchObject({ FirstName: 'Ada', LastName: 'Convert', Email: 'ada@convert.example.com', AccountId: accountId });
        expect(org.get(opportunityId as string)).toMatchObject({ AccountId: accountId, Name: 'Convert Co-', IsClosed: false });
        const after = await c.sf(q(`SELECT IsConverted, Status, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, ConvertedDate FROM Lead WHERE Id = '${lead['Id']}'`));
        expect(after.body.records[0]).toMatchObject({ IsConverted: true, Status: 'Closed - Converted', ConvertedAccountId: accountId, ConvertedContactId: contactId, ConvertedOpportunityId: opportunityId, ConvertedDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
        const again = await soap(c, envelope(c.emu.accessToken, lc({ leadId: lead['Id'] as string, convertedStatus: 'Closed - Converted' })));
        expect(again.status).toBe(200);
        expect(tag(again.text, 'success')).toEqual(['false']);
        expect(tag(again.text, 'statusCode')).toEqual(['CANNOT_UPDATE_CONVERTED_LEAD']);
        const patch = await c.sf(`sobjects/Lead/${lead['Id']}`, { method: 'PATCH', json: { Title: 'x' } });
        expect(patch.status).toBe(400);
    });

    it('merges into an existing account and contact, without opportunity, with an owner and opportunity name', async () => {
        const org = c.emu.org;
        const account = org.insert('Account', { Name: 'Existing Co' });
        const contact = org.insert('Contact', { LastName: 'Existing', AccountId: account['Id'] });
        const owner = org.list('User').find((u) => u['IsActive'] === true && u['Id'] !== org.apiUserId) as Record<string, unknown>;
        const l1 = org.insert('Lead', { LastName: 'Merge', Company: 'Existing Co', Email: 'merge@example.com' });
        const l2 = org.insert('Lead', { LastName: 'Named', Company: 'Named Co' });
        const res = await soap(
            c,
            envelope(
                c.emu.accessToken,
                lc({ leadId: l1['Id'] as string, convertedStatus: 'Closed - Converted', accountId: account['Id'] as string, contactId: contact['Id'] as string, doNotCreateOpportunity: true }) +
                    lc({ leadId: l2['Id'] as string, convertedStatus: 'Closed - Converted', ownerId: owner['Id'] as string, opportunityName: 'Named Deal' })
            )
        );
        expect(res.status).toBe(200);
        expect(tag(res.text, 'success')).toEqual(['true', 'true']);
        expect(res.text).toContain('<opportunityId xsi:nil="true"/>');
        expect(tag(res.text, 'accountId')[0]).toBe(account['Id']);
        expect(tag(res.text, 'contactId')[0]).toBe(contact['Id']);
        expect(org.get(contact['Id'] as string)?.['Email']).toBe('merge@example.com');
        const oppId = tag(res.text, 'opportunityId')[0] as string;
        expect(org.get(oppId)).toMatchObject({ Name: 'Named Deal', OwnerId: owner['Id'] });
        expect(org.get(tag(res.text, 'accountId')[1] as string)?.['OwnerId']).toBe(owner['Id']);
    });

    it('validates convertedStatus and ids per lead, rolling back that lead only', async () => {
        const org = c.emu.org;
        const before = org.count('Account');
        const lead = org.insert('Lead', { LastName: 'Bad', Company: 'Bad Co' });
        const res = await soap(
            c,
            envelope(
                c.emu.accessToken,
                lc({ leadId: lead['Id'] as string, convertedStatus: 'Open - Not Contacted' }) +
                    lc({ leadId: lead['Id'] as string, convertedStatus: 'Closed - Converted', contactId: org.list('Contact')[0]?.['Id'] as string, accountId: org.insert('Account', { Name: 'Other' })['Id'] as string }) +
                    lc({ leadId: '00Q000000000000AAA', convertedStatus: 'Closed - Converted' })
            )
        );
        expect(res.status).toBe(200);
        expect(tag(res.text, 'success')).toEqual(['false', 'false', 'false']);
        expect(tag(res.text, 'statusCode')).toEqual(['INVALID_STATUS', 'INVALID_CROSS_REFERENCE_KEY', 'INVALID_CROSS_REFERENCE_KEY']);
        expect(org.count('Account')).toBe(before + 1);
        expect(org.get(lead['Id'] as string)?.['IsConverted']).toBe(false);
    });

    it('uses the org LeadStatus configuration', async () => {
        const lead = custom.emu.org.insert('Lead', { LastName: 'Custom', Company: 'Custom Co' });
        const res = await soap(custom, envelope(custom.emu.accessToken, lc({ leadId: lead['Id'] as string, convertedStatus: 'Qualified' })));
        expect(tag(res.text, 'success')).toEqual(['true']);
        expect(custom.emu.org.get(tag(res.text, 'opportunityId')[0] as string)?.['StageName']).toBe('Discovery');
    });

    it('answers SOAP faults: bad session, missing SOAPAction, unknown operation', async () => {
        const bad = await soap(c, envelope('wrong-token', lc({ leadId: 'x', convertedStatus: 'y' })));
        expect(bad.status).toBe(500);
        expect(bad.type).toMatch(/^text\/xml/);
        expect(bad.text).toContain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
        expect(bad.text).toContain('<sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>');
        const noAction = await soap(c, envelope(c.emu.accessToken, ''), { 'Content-Type': 'text/xml' });
        expect(noAction.status).toBe(500);
        expect(noAction.text).toContain('soapenv:Fault');
        const op = await soap(c, envelope(c.emu.accessToken, '<urn:queryString>SELECT Id FROM Account</urn:queryString>', 'query'));
        expect(op.status).toBe(500);
        expect(op.text).toContain('No operation available');
    });
});
