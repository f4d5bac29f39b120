/**
 * The default org behaves like a production org (issue 11), over real HTTP: the API user's field-level security,
 * per-object capabilities (no IsDeleted, history with CreatedDate only, a change event that can't be queried),
 * polymorphic owners (queues), and optional multi-currency. Each trait is checked on and off, error paths with their
 * exact wording.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HIDDEN_FIELDS, startEmulator } from '../src/index.js';
import { q, qa, start, type Client } from './helpers.js';

const NO_SUCH_COLUMN = (field: string, entity: string): string =>
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
const CANNOT_EDIT = (field: string): string =>
    `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`;

let c: Client;
let open: Client;
let money: Client;
beforeAll(async () => {
    [c, open, money] = await Promise.all([
        start({ volume: 60 }),
        start({ volume: 10, traits: { hiddenFields: [], queueOwners: false } }),
        start({ volume: 20, traits: { multiCurrency: true } })
    ]);
});
afterAll(async () => {
    await Promise.all([c.emu.stop(), open.emu.stop(), money.emu.stop()]);
});

/** The single error of a 400 answer. */
async function error(res: Promise<{ status: number; body: any }>): Promise<{ errorCode: string; message: string; fields?: string[] }> {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toHaveLength(1);
    return r.body[0];
}

describe('field-level security of the connected user (default: DEFAULT_HIDDEN_FIELDS)', () => {
    it('hides the default fields from describe while the store keeps their values', async () => {
        expect(DEFAULT_HIDDEN_FIELDS).toEqual(['Account.AnnualRevenue', 'Contact.Birthdate', 'Lead.AnnualRevenue']);
        expect(c.emu.fieldSecurity()).toEqual({ hiddenFields: DEFAULT_HIDDEN_FIELDS, readOnlyFields: [] });
        for (const [object, field] of [['Account', 'AnnualRevenue'], ['Contact', 'Birthdate'], ['Lead', 'AnnualRevenue']] as const) {
            const names = (await c.sf(`sobjects/${object}/describe`)).body.fields.map((f: { name: string }) => f.name);
            expect(names, object).not.toContain(field);
            expect(names).toContain('Id');
            const openNames = (await open.sf(`sobjects/${object}/describe`)).body.fields.map((f: { name: string }) => f.name);
            expect(openNames, `${object} without FLS`).toContain(field);
        }
        // Seeding filled them all the same.
        expect(c.emu.org.list('Account').some((a) => typeof a['AnnualRevenue'] === 'number')).toBe(true);
        expect(c.emu.org.list('Contact').some((a) => typeof a['Birthdate'] === 'string')).toBe(true);
    });

    it('a SOQL statement naming a hidden field anywhere fails with INVALID_FIELD, worded and laid out as Salesforce does', async () => {
        const e = await error(c.sf(q('SELECT Id, Birthdate FROM Contact')));
        expect(e.errorCode).toBe('INVALID_FIELD');
        expect(e.message).toBe(`\nSELECT Id, Birthdate FROM Contact\n           ^\nERROR at Row:1:Column:12\n${NO_SUCH_COLUMN('Birthdate', 'Contact')}`);
        const cases: Array<[string, string, string]> = [
            ['SELECT Id FROM Contact WHERE Birthdate = null', 'Birthdate', 'Contact'],
            ['SELECT Id FROM Contact ORDER BY Birthdate DESC', 'Birthdate', 'Contact'],
            ['SELECT Id, Account.AnnualRevenue FROM Contact', 'AnnualRevenue', 'Account'],
            ['SELECT Id FROM Opportunity WHERE Account.AnnualRevenue > 10', 'AnnualRevenue', 'Account'],
            ['SELECT Id, (SELECT Id, Birthdate FROM Contacts) FROM Account', 'Birthdate', 'Contact'],
            ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Birthdate = null)', 'Birthdate', 'Contact'],
            ['SELECT Industry, MAX(AnnualRevenue) FROM Account GROUP BY Industry', 'AnnualRevenue', 'Account'],
            ['SELECT Id FROM Contact WHERE CALENDAR_YEAR(Birthdate) = 1990', 'Birthdate', 'Contact'],
            ['SELECT Id FROM Lead WHERE AnnualRevenue > 0', 'AnnualRevenue', 'Lead']
        ];
        for (const [soql, field, entity] of cases) {
            const err = await error(c.sf(q(soql)));
            expect(err.errorCode, soql).toBe('INVALID_FIELD');
            expect(err.message, soql).toContain(`\n${NO_SUCH_COLUMN(field, entity)}`);
            expect(err.message, soql).toMatch(/^\n.*\n *\^\nERROR at Row:1:Column:\d+\n/);
            // With FLS off the same statements are fine (GROUP BY and functions are simply not run by the emulator).
            const ok = await open.sf(q(soql));
            expect(ok.body?.[0]?.errorCode, soql).not.toBe('INVALID_FIELD');
        }
        // The caret points at the field; a long statement shows it from about 30 characters before.
        const long = await error(c.sf(q('SELECT Id, FirstName, LastName, Email, Phone, Title, Birthdate FROM Contact')));
        expect(long.message.split('\n').slice(1, 4)).toEqual(['LastName, Email, Phone, Title, Birthdate FROM Contact', `${' '.repeat(31)}^`, 'ERROR at Row:1:Column:54']);
        // FIELDS(ALL) simply leaves the hidden field out.
        const all = await c.sf(q('SELECT FIELDS(ALL) FROM Contact LIMIT 1'));
        expect(all.status).toBe(200);
        expect(Object.keys(all.body.records[0])).not.toContain('Birthdate');
        expect(Object.keys(all.body.records[0])).toContain('LastName');
    });

    it('SOSL and parameterizedSearch refuse a hidden RETURNING field the same way', async () => {
        const e = await error(c.sf(`search?q=${encodeURIComponent('FIND {Smith} RETURNING Contact(Id, Birthdate)')}`));
        expect(e.errorCode).toBe('INVALID_FIELD');
        expect(e.message).toContain(`ERROR at Row:1:Column:36\n${NO_SUCH_COLUMN('Birthdate', 'Contact')}`);
        const p = await error(c.sf('parameterizedSearch', { method: 'POST', json: { q: 'Smith', sobjects: [{ name: 'Account', fields: ['Id', 'AnnualRevenue'] }] } }));
        expect(p).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining(NO_SUCH_COLUMN('AnnualRevenue', 'Account')) });
        expect((await c.sf(`search?q=${encodeURIComponent('FIND {Smith} RETURNING Contact(Id, LastName)')}`)).status).toBe(200);
    });

    it('GET by id omits the field; ?fields= naming it fails; sObject Collections retrieve too', async () => {
        const contact = c.emu.org.list('Contact').find((r) => r['Birthdate'] !== null) as Record<string, unknown>;
        const id = contact['Id'] as string;
        const got = await c.sf(`sobjects/Contact/${id}`);
        expect(got.status).toBe(200);
        expect(got.body).not.toHaveProperty('Birthdate');
        expect(got.body).toHaveProperty('LastName', contact['LastName']);
        expect((await open.sf(`sobjects/Contact/${open.emu.org.list('Contact')[0]?.['Id']}`)).body).toHaveProperty('Birthdate');
        expect(await error(c.sf(`sobjects/Contact/${id}?fields=LastName,Birthdate`))).toEqual({ errorCode: 'INVALID_FIELD', message: "No such column 'Birthdate' on sobject of type Contact" });
        const retrieve = await error(c.sf(`composite/sobjects/Contact?ids=${id}&fields=Id,Birthdate`));
        expect(retrieve).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Birthdate' on entity 'Contact'") });
    });

    it('writes naming a hidden field are refused with INVALID_FIELD; nothing is written', async () => {
        const before = c.emu.org.count('Contact');
        const nope = { errorCode: 'INVALID_FIELD', message: "No such column 'Birthdate' on sobject of type Contact" };
        expect(await error(c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'Hidden', Birthdate: '1990-01-01' } }))).toEqual(nope);
        const id = c.emu.org.list('Contact')[0]?.['Id'] as string;
        expect(await error(c.sf(`sobjects/Contact/${id}`, { method: 'PATCH', json: { Birthdate: '1990-01-01' } }))).toEqual(nope);
        expect(await error(c.sf('sobjects/Contact/Email/nobody@fls.example.com', { method: 'PATCH', json: { LastName: 'Up', Birthdate: '1990-01-01' } }))).toEqual(nope);
        const coll = await c.sf('composite/sobjects', { method: 'POST', json: { allOrNone: false, records: [{ attributes: { type: 'Account' }, Name: 'FLS', AnnualRevenue: 5 }, { attributes: { type: 'Account' }, Name: 'FLS ok' }] } });
        expect(coll.status).toBe(200);
        expect(coll.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_FIELD', message: "No such column 'AnnualRevenue' on sobject of type Account", fields: [] }] });
        expect(coll.body[1]).toMatchObject({ success: true });
        const comp = await c.sf('composite', { method: 'POST', json: { compositeRequest: [{ method: 'POST', url: '/services/data/v62.0/sobjects/Lead', referenceId: 'l', body: { LastName: 'L', Company: 'C', AnnualRevenue: 1 } }] } });
        expect(comp.body.compositeResponse[0]).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'INVALID_FIELD', message: "No such column 'AnnualRevenue' on sobject of type Lead" }] });
        expect(c.emu.org.count('Contact')).toBe(before);
    });

    it('a Bulk API 2.0 query job naming a hidden field is refused when created', async () => {
        const e = await error(c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: 'SELECT Id, AnnualRevenue FROM Account' } }));
        expect(e).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining(NO_SUCH_COLUMN('AnnualRevenue', 'Account')) });
        expect((await c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: 'SELECT Id, Name FROM Account' } })).status).toBe(200);
    });

    it('read-only fields: describe says not createable/updateable, writes get INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
        const emu = await startEmulator({ seed: 3, volume: 5, traits: { readOnlyFields: ['Contact.Title', 'Account.Industry'] } });
        try {
            const h = { Authorization: `Bearer ${emu.accessToken}`, 'Content-Type': 'application/json' };
            const desc = await (await fetch(`${emu.url}/services/data/v62.0/sobjects/Contact/describe`, { headers: h })).json();
            expect(desc.fields.find((f: { name: string }) => f.name === 'Title')).toMatchObject({ createable: false, updateable: false });
            expect(desc.fields.find((f: { name: string }) => f.name === 'Department')).toMatchObject({ createable: true, updateable: true });
            const post = await fetch(`${emu.url}/services/data/v62.0/sobjects/Contact`, { method: 'POST', headers: h, body: JSON.stringify({ LastName: 'RO', Title: 'CEO' }) });
            expect(post.status).toBe(400);
            expect(await post.json()).toEqual([{ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: CANNOT_EDIT('Title'), fields: ['Title'] }]);
            const id = emu.org.list('Account')[0]?.['Id'] as string;
            const patch = await fetch(`${emu.url}/services/data/v62.0/sobjects/Account/${id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ Industry: 'Energy' }) });
            expect(await patch.json()).toEqual([{ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: CANNOT_EDIT('Industry'), fields: ['Industry'] }]);
            // Still readable.
            const read = await fetch(`${emu.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Title FROM Contact LIMIT 1')}`, { headers: h });
            expect(read.status).toBe(200);
        } finally {
            await emu.stop();
        }
    });

    it('setFieldSecurity grants and revokes mid-test; so does PUT /__emulator/field-security', async () => {
        const soql = 'SELECT Id, Birthdate FROM Contact LIMIT 1';
        expect((await c.sf(q(soql))).status).toBe(400);
        c.emu.setFieldSecurity({ hiddenFields: ['Account.AnnualRevenue'] });
        try {
            expect((await c.sf(q(soql))).status).toBe(200);
            expect((await c.sf('sobjects/Contact/describe')).body.fields.map((f: { name: string }) => f.name)).toContain('Birthdate');
            const put = await fetch(`${c.emu.url}/__emulator/field-security`, { method: 'PUT', body: JSON.stringify({ hiddenFields: ['Contact.Birthdate'], readOnlyFields: ['Contact.Title'] }) });
            expect(await put.json()).toEqual({ ok: true, hiddenFields: ['Contact.Birthdate'], readOnlyFields: ['Contact.Title'] });
            expect((await c.sf(q(soql))).status).toBe(400);
            expect((await c.sf(q('SELECT AnnualRevenue FROM Account LIMIT 1'))).status).toBe(200);
            expect(await (await fetch(`${c.emu.url}/__emulator/field-security`)).json()).toEqual({ hiddenFields: ['Contact.Birthdate'], readOnlyFields: ['Contact.Title'] });
            // Bad entries are refused with the reason, and nothing changes.
            const bad = await fetch(`${c.emu.url}/__emulator/field-security`, { method: 'PUT', body: JSON.stringify({ hiddenFields: ['Contact.Nope', 'Account.Name', 'Birthdate'] }) });
            expect(bad.status).toBe(400);
            expect((await bad.json()).error).toBe(
                "hiddenFields: 'Contact.Nope': Contact has no field Nope; 'Account.Name' is the name field: Salesforce does not apply field-level security to it; 'Birthdate' is not of the form Object.Field"
            );
            expect(() => c.emu.setFieldSecurity({ readOnlyFields: ['Contact.LastName'] })).toThrow("readOnlyFields: 'Contact.LastName' is a required field: Salesforce does not apply field-level security to it");
            expect(() => c.emu.setFieldSecurity({ hiddenFields: ['Contact.Id'] })).toThrow("'Contact.Id' is a system field");
            expect(c.emu.fieldSecurity()).toEqual({ hiddenFields: ['Contact.Birthdate'], readOnlyFields: ['Contact.Title'] });
        } finally {
            c.emu.setFieldSecurity({ hiddenFields: DEFAULT_HIDDEN_FIELDS, readOnlyFields: [] });
        }
        expect(c.emu.fieldSecurity()).toEqual({ hiddenFields: DEFAULT_HIDDEN_FIELDS, readOnlyFields: [] });
    });

    it('describe Last-Modified moves when field-level security changes (cached describes are revalidated)', async () => {
        const first = await c.sf('sobjects/Contact/describe');
        const since = first.headers.get('last-modified') as string;
        expect((await c.sf('sobjects/Contact/describe', { headers: { 'If-Modified-Since': since } })).status).toBe(304);
        c.emu.setFieldSecurity({ hiddenFields: DEFAULT_HIDDEN_FIELDS });
        expect((await c.sf('sobjects/Contact/describe', { headers: { 'If-Modified-Since': since } })).status).toBe(200);
    });

    it('an unknown field in the options fails startEmulator with a clear error', async () => {
        await expect(startEmulator({ traits: { hiddenFields: ['Account.Revenue'] } })).rejects.toThrow("hiddenFields: 'Account.Revenue': Account has no field Revenue");
        await expect(startEmulator({ traits: { hiddenFields: ['Widget.Size'] } })).rejects.toThrow("'Widget.Size': no object Widget in the emulated org");
    });

    it('convertLead maps the lead into the new account whatever the user can see (the mapping runs as the system)', async () => {
        const lead = c.emu.org.insertRaw('Lead', { LastName: 'Rich', Company: 'Rich Co', AnnualRevenue: 123_000, Status: 'Open - Not Contacted' });
        const xml = `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>${c.emu.accessToken}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:convertLead><urn:leadConverts><urn:leadId>${String(lead['Id'])}</urn:leadId><urn:convertedStatus>Closed - Converted</urn:convertedStatus></urn:leadConverts></urn:convertLead></soapenv:Body></soapenv:Envelope>`;
        const res = await fetch(`${c.emu.url}/services/Soap/u/62.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: '""' }, body: xml });
        const text = await res.text();
        expect(text).toContain('<success>true</success>');
        const accountId = /<accountId>([^<]+)<\/accountId>/.exec(text)?.[1] as string;
        expect(c.emu.org.get(accountId)?.['AnnualRevenue']).toBe(123_000);
    });
});

describe('per-object capabilities', () => {
    it('User, Profile, UserRole, RecordType and Group have no IsDeleted; queryAll on them works', async () => {
        for (const object of ['User', 'Profile', 'UserRole', 'RecordType', 'Group']) {
            const e = await error(c.sf(q(`SELECT Id, IsDeleted FROM ${object}`)));
            expect(e.message, object).toContain(NO_SUCH_COLUMN('IsDeleted', object));
            const all = await c.sf(qa(`SELECT Id FROM ${object}`));
            expect(all.status, object).toBe(200);
            expect(all.body.totalSize, object).toBeGreaterThan(0);
            expect((await c.sf(`sobjects/${object}/describe`)).body.fields.map((f: { name: string }) => f.name), object).not.toContain('IsDeleted');
        }
        // Objects that have it still do.
        expect((await c.sf(qa('SELECT Id, IsDeleted FROM Account LIMIT 1'))).status).toBe(200);
    });

    it('seeds record types for Account, Opportunity and Case', async () => {
        const res = await c.sf(q('SELECT SobjectType, Name, DeveloperName, IsActive, NamespacePrefix, BusinessProcessId, SystemModstamp FROM RecordType ORDER BY SobjectType, DeveloperName'));
        expect(res.status).toBe(200);
        expect(res.body.records.map((r: { SobjectType: string; DeveloperName: string; IsActive: boolean }) => `${r.SobjectType}.${r.DeveloperName}:${r.IsActive}`)).toEqual([
            'Account.Customer:true',
            'Account.Partner:true',
            'Case.Billing:false',
            'Case.Support:true',
            'Opportunity.New_Business:true',
            'Opportunity.Renewal:true'
        ]);
        expect(res.body.records[0].attributes.url).toMatch(/\/sobjects\/RecordType\/012/);
        const global = (await c.sf('sobjects')).body.sobjects.find((o: { name: string }) => o.name === 'RecordType');
        expect(global).toMatchObject({ keyPrefix: '012', queryable: true, replicateable: false, deletable: false });
    });

    it('AccountHistory has CreatedDate only, is read-only, and records tracked Account changes made through the API', async () => {
        const desc = (await c.sf('sobjects/AccountHistory/describe')).body;
        expect(desc).toMatchObject({ keyPrefix: '017', createable: false, updateable: false, deletable: false, queryable: true, replicateable: true });
        expect(desc.fields.map((f: { name: string }) => f.name).sort()).toEqual(['AccountId', 'CreatedById', 'CreatedDate', 'DataType', 'Field', 'Id', 'IsDeleted', 'NewValue', 'OldValue']);
        expect(desc.fields.find((f: { name: string }) => f.name === 'OldValue')).toMatchObject({ type: 'anyType', filterable: false, sortable: true });
        for (const field of ['LastModifiedDate', 'SystemModstamp']) {
            expect((await error(c.sf(q(`SELECT Id FROM AccountHistory WHERE ${field} > 2020-01-01T00:00:00Z`)))).message).toContain(NO_SUCH_COLUMN(field, 'AccountHistory'));
        }
        expect((await error(c.sf(q("SELECT Id FROM AccountHistory WHERE OldValue = 'x'")))).message).toContain("field 'OldValue' can not be filtered in a query call");
        expect((await c.sf(q("SELECT COUNT() FROM AccountHistory WHERE Field = 'created'"))).body.totalSize).toBeGreaterThan(0);
        expect((await error(c.sf('sobjects/AccountHistory', { method: 'POST', json: { Field: 'Industry' } }))).errorCode).toBe('INVALID_TYPE_FOR_OPERATION');

        const created = await c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Tracked Co', Industry: 'Banking' } });
        const id = created.body.id as string;
        const owner = c.emu.org.list('User').find((u) => u['Id'] !== c.emu.org.apiUserId && u['IsActive'] === true) as Record<string, unknown>;
        expect((await c.sf(`sobjects/Account/${id}`, { method: 'PATCH', json: { Industry: 'Energy', Phone: '555', OwnerId: owner['Id'] } })).status).toBe(204);
        const rows = (await c.sf(q(`SELECT Field, DataType, OldValue, NewValue, CreatedById, AccountId FROM AccountHistory WHERE AccountId = '${id}' ORDER BY CreatedDate, Id`))).body.records;
        expect(rows.map((r: Record<string, unknown>) => [r['Field'], r['DataType'], r['OldValue'], r['NewValue']])).toEqual([
            ['created', null, null, null],
            ['Industry', 'DynamicEnum', 'Banking', 'Energy'],
            ['Owner', 'EntityId', c.emu.org.apiUserId, owner['Id']],
            ['Owner', 'Text', 'Integration User', owner['Name']]
        ]);
        expect(rows[0].CreatedById).toBe(c.emu.org.apiUserId);
        // Through the relationship from Account too.
        const sub = await c.sf(q(`SELECT Name, (SELECT Field FROM Histories) FROM Account WHERE Id = '${id}'`));
        expect(sub.body.records[0].Histories.totalSize).toBe(4);
        // In-process writes (seeding, tests) don't track.
        c.emu.org.updateRaw(id, { Industry: 'Media' });
        expect((await c.sf(q(`SELECT COUNT() FROM AccountHistory WHERE AccountId = '${id}'`))).body.totalSize).toBe(4);
    });

    it('history rows about a field the user cannot see are not returned (history respects the parent FLS)', async () => {
        const acct = c.emu.org.insert('Account', { Name: 'Revenue Co' });
        c.emu.setFieldSecurity({ hiddenFields: [] });
        try {
            await c.sf(`sobjects/Account/${String(acct['Id'])}`, { method: 'PATCH', json: { AnnualRevenue: 42 } });
            const soql = `SELECT Field FROM AccountHistory WHERE AccountId = '${String(acct['Id'])}' ORDER BY Field`;
            expect((await c.sf(q(soql))).body.records.map((r: { Field: string }) => r.Field)).toEqual(['AnnualRevenue', 'created']);
            c.emu.setFieldSecurity({ hiddenFields: DEFAULT_HIDDEN_FIELDS });
            expect((await c.sf(q(soql))).body.records.map((r: { Field: string }) => r.Field)).toEqual(['created']);
        } finally {
            c.emu.setFieldSecurity({ hiddenFields: DEFAULT_HIDDEN_FIELDS });
        }
    });

    it('a change event is described but not queryable or replicateable; SOQL on it fails as Salesforce answers', async () => {
        const global = (await c.sf('sobjects')).body.sobjects.find((o: { name: string }) => o.name === 'AccountChangeEvent');
        expect(global).toMatchObject({ queryable: false, replicateable: false, retrieveable: false, searchable: false, createable: false, keyPrefix: null });
        expect((await c.sf('sobjects/AccountChangeEvent/describe')).body.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['ReplayId', 'ChangeEventHeader', 'Name']));
        const expected = { errorCode: 'INVALID_TYPE_FOR_OPERATION', message: 'entity type AccountChangeEvent does not support query' };
        expect(await error(c.sf(q('SELECT Id FROM AccountChangeEvent')))).toEqual(expected);
        expect(await error(c.sf(qa('SELECT Id FROM AccountChangeEvent')))).toEqual(expected);
        expect(await error(c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: 'SELECT Id FROM AccountChangeEvent' } }))).toEqual(expected);
        expect(await error(c.sf(q('SELECT Id FROM Name')))).toEqual({ errorCode: 'INVALID_TYPE_FOR_OPERATION', message: 'entity type Name does not support query' });
    });

    it('describe global reports capabilities per object, not hard-coded', async () => {
        const byName = new Map<string, Record<string, unknown>>((await c.sf('sobjects')).body.sobjects.map((o: { name: string }) => [o.name, o]));
        expect(byName.get('Account')).toMatchObject({ queryable: true, replicateable: true, searchable: true });
        expect(byName.get('LeadStatus')).toMatchObject({ queryable: true, replicateable: false, searchable: false });
        expect(byName.get('Group')).toMatchObject({ queryable: true, replicateable: true, keyPrefix: '00G' });
        expect(byName.has('CurrencyType')).toBe(false);
    });
});

describe('polymorphic owners: queues own Leads, Cases and Invoices', () => {
    it('describe: OwnerId refers to Group and User where queues may own records, to User elsewhere', async () => {
        for (const object of ['Lead', 'Case', 'Invoice__c']) {
            const owner = (await c.sf(`sobjects/${object}/describe`)).body.fields.find((f: { name: string }) => f.name === 'OwnerId');
            expect(owner, object).toMatchObject({ referenceTo: ['Group', 'User'], polymorphicForeignKey: true, namePointing: true, relationshipName: 'Owner' });
        }
        for (const object of ['Account', 'Contact', 'Opportunity']) {
            const owner = (await c.sf(`sobjects/${object}/describe`)).body.fields.find((f: { name: string }) => f.name === 'OwnerId');
            expect(owner, object).toMatchObject({ referenceTo: ['User'], polymorphicForeignKey: false });
        }
    });

    it('seeds queues with their supported objects and gives them a share of Leads and Cases', async () => {
        const queues = (await c.sf(q("SELECT Name, DeveloperName, Type, (SELECT SobjectType FROM QueueSobjects) FROM Group WHERE Type = 'Queue' ORDER BY Name"))).body.records;
        expect(queues.map((g: { Name: string; QueueSobjects: { records: Array<{ SobjectType: string }> } }) => [g.Name, g.QueueSobjects.records.map((r) => r.SobjectType).sort()])).toEqual([
            ['Billing Queue', ['Case', 'Invoice__c']],
            ['Lead Queue', ['Lead']],
            ['Support Queue', ['Case']]
        ]);
        for (const object of ['Lead', 'Case']) {
            const queued = (await c.sf(q(`SELECT COUNT() FROM ${object} WHERE Owner.Type = 'Queue'`))).body.totalSize;
            const total = (await c.sf(q(`SELECT COUNT() FROM ${object}`))).body.totalSize;
            expect(queued, object).toBeGreaterThan(0);
            expect(queued, object).toBeLessThan(total);
            expect((await open.sf(q(`SELECT COUNT() FROM ${object} WHERE Owner.Type = 'Queue'`))).body.totalSize, `${object} with queueOwners: false`).toBe(0);
        }
    });

    it('reads Owner through the Name object: attributes.type Name, url of the real object, Name fields only', async () => {
        const res = await c.sf(q('SELECT Id, OwnerId, Owner.Name, Owner.Type, Owner.Alias, Owner.Email, Owner.IsActive FROM Case ORDER BY Owner.Type, Id'));
        expect(res.status).toBe(200);
        const queued = res.body.records.find((r: { Owner: { Type: string } }) => r.Owner.Type === 'Queue');
        const user = res.body.records.find((r: { Owner: { Type: string } }) => r.Owner.Type === 'User');
        expect(queued.Owner).toEqual({ attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/Group/${queued.OwnerId}` }, Name: expect.stringMatching(/Queue$/), Type: 'Queue', Alias: null, Email: expect.stringContaining('@'), IsActive: false });
        const u = c.emu.org.get(user.OwnerId) as Record<string, unknown>;
        expect(user.Owner).toEqual({ attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/User/${user.OwnerId}` }, Name: u['Name'], Type: 'User', Alias: u['Alias'], Email: u['Email'], IsActive: u['IsActive'] });
        // A field that is not the Name object's fails, even if the owner is a user who has it.
        expect((await error(c.sf(q('SELECT Owner.Department FROM Case')))).message).toContain(NO_SUCH_COLUMN('Department', 'Name'));
        expect((await error(c.sf(q('SELECT What.Industry FROM Task')))).message).toContain(NO_SUCH_COLUMN('Industry', 'Name'));
        // A user-only Owner (Account) is the User itself.
        const acct = await c.sf(q('SELECT Owner.Department, Owner.Profile.Name FROM Account LIMIT 1'));
        expect(acct.body.records[0].Owner.attributes.type).toBe('User');
        // Through Name to the user's profile.
        const prof = await c.sf(q(`SELECT Owner.Profile.Name FROM Case WHERE Id = '${user.Id}'`));
        expect(prof.body.records[0].Owner.Profile).toMatchObject({ attributes: { type: 'Profile' }, Name: expect.any(String) });
        // Bulk CSV reads the same values.
        const job = await c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: `SELECT Id, Owner.Type, Owner.Name FROM Case WHERE Id = '${queued.Id}'` } });
        c.emu.bulk.setPollsToComplete(0);
        await c.sf(`jobs/query/${job.body.id}`);
        expect((await c.sf(`jobs/query/${job.body.id}/results`)).text).toBe(`"Id","Owner.Type","Owner.Name"\n"${queued.Id}","Queue","${queued.Owner.Name}"\n`);
    });

    it('OwnerId = a queue is accepted where the queue supports the object and refused (real errors) elsewhere', async () => {
        const group = (name: string): string => c.emu.org.list('Group').find((g) => g['Name'] === name)?.['Id'] as string;
        const lead = await c.sf('sobjects/Lead', { method: 'POST', json: { LastName: 'Queued', Company: 'Q Co', OwnerId: group('Lead Queue') } });
        expect(lead.status).toBe(201);
        expect(c.emu.org.get(lead.body.id)?.['OwnerId']).toBe(group('Lead Queue'));
        const caseId = c.emu.org.list('Case')[0]?.['Id'] as string;
        expect((await c.sf(`sobjects/Case/${caseId}`, { method: 'PATCH', json: { OwnerId: group('Billing Queue') } })).status).toBe(204);
        expect(await error(c.sf(`sobjects/Case/${caseId}`, { method: 'PATCH', json: { OwnerId: group('Lead Queue') } }))).toEqual({
            errorCode: 'INVALID_OPERATION',
            message: 'Queue not associated with this SObject type',
            fields: ['OwnerId']
        });
        expect(await error(c.sf(`sobjects/Case/${caseId}`, { method: 'PATCH', json: { OwnerId: group('All Sales') } }))).toMatchObject({ errorCode: 'INVALID_OPERATION' });
        const queueId = group('Support Queue');
        expect(await error(c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Queue Owned', OwnerId: queueId } }))).toEqual({
            errorCode: 'FIELD_INTEGRITY_EXCEPTION',
            message: `Owner ID: id value of incorrect type: ${queueId}`,
            fields: ['OwnerId']
        });
        expect(await error(c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Bad Owner', OwnerId: 'not-an-id' } }))).toEqual({
            errorCode: 'MALFORMED_ID',
            message: 'Owner ID: id value of incorrect type: not-an-id',
            fields: ['OwnerId']
        });
    });

    it('seeding stays deterministic: the same seed gives the same queue owners and history', async () => {
        const [a, b] = await Promise.all([startEmulator({ seed: 11, volume: 30 }), startEmulator({ seed: 11, volume: 30 })]);
        try {
            const owners = (emu: typeof a): string[] => emu.org.list('Case').map((r) => `${String(r['Id'])}:${String(r['OwnerId'])}`);
            const history = (emu: typeof a): string[] => emu.org.list('AccountHistory').map((r) => `${String(r['AccountId'])}:${String(r['Field'])}:${String(r['NewValue'])}`);
            expect(owners(a)).toEqual(owners(b));
            expect(history(a)).toEqual(history(b));
            expect(history(a).length).toBeGreaterThan(0);
        } finally {
            await Promise.all([a.stop(), b.stop()]);
        }
    });
});

describe('multi-currency (trait multiCurrency, default off)', () => {
    it('off: CurrencyIsoCode and CurrencyType do not exist', async () => {
        expect((await error(c.sf(q('SELECT Id, CurrencyIsoCode FROM Account')))).message).toContain(NO_SUCH_COLUMN('CurrencyIsoCode', 'Account'));
        expect((await error(c.sf(q('SELECT Id FROM CurrencyType')))).errorCode).toBe('INVALID_TYPE');
        expect(await error(c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Cur', CurrencyIsoCode: 'EUR' } }))).toEqual({ errorCode: 'INVALID_FIELD', message: "No such column 'CurrencyIsoCode' on sobject of type Account" });
    });

    it('on: CurrencyIsoCode on records, CurrencyType rows with USD corporate, User.DefaultCurrencyIsoCode', async () => {
        for (const object of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Invoice__c', 'User']) {
            const fd = (await money.sf(`sobjects/${object}/describe`)).body.fields.find((f: { name: string }) => f.name === 'CurrencyIsoCode');
            expect(fd, object).toMatchObject({ type: 'picklist', restrictedPicklist: true });
            expect(fd.picklistValues.map((p: { value: string }) => p.value), object).toEqual(['USD', 'EUR', 'GBP', 'JPY']);
        }
        expect((await money.sf('sobjects/CaseComment/describe')).body.fields.map((f: { name: string }) => f.name)).not.toContain('CurrencyIsoCode');
        const types = (await money.sf(q('SELECT IsoCode, ConversionRate, DecimalPlaces, IsActive, IsCorporate FROM CurrencyType ORDER BY IsoCode'))).body.records;
        expect(types.map((t: Record<string, unknown>) => [t['IsoCode'], t['ConversionRate'], t['DecimalPlaces'], t['IsActive'], t['IsCorporate']])).toEqual([
            ['EUR', 0.92, 2, true, false],
            ['GBP', 0.79, 2, true, false],
            ['JPY', 151.5, 0, true, false],
            ['USD', 1, 2, true, true]
        ]);
        const user = (await money.sf(q(`SELECT CurrencyIsoCode, DefaultCurrencyIsoCode FROM User WHERE Id = '${money.emu.org.apiUserId}'`))).body.records[0];
        expect(user).toMatchObject({ CurrencyIsoCode: 'USD', DefaultCurrencyIsoCode: 'USD' });
        const codes = new Set((await money.sf(q('SELECT CurrencyIsoCode FROM Opportunity'))).body.records.map((r: { CurrencyIsoCode: string }) => r.CurrencyIsoCode));
        expect(codes.has('USD')).toBe(true);
        expect(codes.size).toBeGreaterThan(1);
    });

    it("a record created without CurrencyIsoCode gets the creating user's default currency; a bad code is refused", async () => {
        const created = await money.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'Cur deal', StageName: 'Prospecting', CloseDate: '2030-01-01' } });
        expect(money.emu.org.get(created.body.id)?.['CurrencyIsoCode']).toBe('USD');
        const eur = await money.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'EUR deal', StageName: 'Prospecting', CloseDate: '2030-01-01', CurrencyIsoCode: 'EUR' } });
        expect(money.emu.org.get(eur.body.id)?.['CurrencyIsoCode']).toBe('EUR');
        money.emu.org.updateRaw(money.emu.org.apiUserId, { DefaultCurrencyIsoCode: 'GBP' });
        try {
            const gbp = await money.sf('sobjects/Account', { method: 'POST', json: { Name: 'GBP Co' } });
            expect((await money.sf(`sobjects/Account/${gbp.body.id}?fields=CurrencyIsoCode`)).body.CurrencyIsoCode).toBe('GBP');
        } finally {
            money.emu.org.updateRaw(money.emu.org.apiUserId, { DefaultCurrencyIsoCode: 'USD' });
        }
        expect(await error(money.sf('sobjects/Account', { method: 'POST', json: { Name: 'Bad', CurrencyIsoCode: 'XYZ' } }))).toEqual({
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Currency ISO Code: bad value for restricted picklist field: XYZ',
            fields: ['CurrencyIsoCode']
        });
        expect((await error(money.sf(`sobjects/Account/${String(money.emu.org.list('Account')[0]?.['Id'])}`, { method: 'PATCH', json: { CurrencyIsoCode: null } }))).errorCode).toBe('REQUIRED_FIELD_MISSING');
    });
});

describe('npm run emulator options', () => {
    const cli = (...args: string[]): { status: number | null; stderr: string } => {
        const r = spawnSync(process.execPath, ['--import', 'tsx', 'emulator/src/cli.ts', ...args], { encoding: 'utf8', timeout: 30_000 });
        return { status: r.status, stderr: r.stderr };
    };

    it('refuses malformed or unknown field names and conflicting flags with a clear message', () => {
        expect(cli('--hidden-fields', 'Account.AnnualRevenue,Birthdate')).toEqual({ status: 1, stderr: "--hidden-fields: 'Birthdate' is not of the form Object.Field\n" });
        expect(cli('--hidden-fields', 'Account.Revenue')).toEqual({ status: 1, stderr: "hiddenFields: 'Account.Revenue': Account has no field Revenue\n" });
        expect(cli('--hidden-fields', 'Account.AnnualRevenue', '--no-field-security')).toEqual({ status: 1, stderr: '--hidden-fields and --no-field-security exclude each other\n' });
        expect(cli('--read-only-fields')).toEqual({ status: 1, stderr: '--read-only-fields expects Object.Field names separated by commas, e.g. --read-only-fields Account.AnnualRevenue,Contact.Birthdate\n' });
    });
});
