import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ apiBudget: 100_000 });
});
afterAll(async () => {
    await c.emu.stop();
});

const ERR_SHAPE = { message: expect.any(String), errorCode: expect.any(String) };

describe('versions, resources, auth, limits (§0, §1.1, §10)', () => {
    it('GET /services/data/ lists versions without auth and without Sforce-Limit-Info', async () => {
        const res = await fetch(`${c.emu.url}/services/data/`);
        expect(res.status).toBe(200);
        expect(res.headers.get('sforce-limit-info')).toBeNull();
        const body = (await res.json()) as Array<{ version: string; url: string; label: string }>;
        expect(body.length).toBeGreaterThan(0);
        for (const v of body) expect(v.url).toBe(`/services/data/v${v.version}`);
    });

    it('GET /services/data/vNN.N and vNN.N/ list resources with an absolute identity URL', async () => {
        for (const path of [`/services/data/${V}`, `/services/data/${V}/`]) {
            const res = await c.sf(path);
            expect(res.status).toBe(200);
            expect(res.body.sobjects).toBe(`/services/data/${V}/sobjects`);
            expect(res.body.query).toBe(`/services/data/${V}/query`);
            expect(res.body.identity).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/id\/00D\w{15}\/005\w{15}$/);
        }
    });

    it('answers 410 for retired versions (< 31.0) and accepts 31.0', async () => {
        expect((await c.sf('/services/data/v30.0/sobjects')).status).toBe(410);
        expect((await c.sf('/services/data/v20.0/')).status).toBe(410);
        expect((await c.sf('/services/data/v31.0/sobjects')).status).toBe(200);
    });

    it('rejects a missing or wrong token with 401 INVALID_SESSION_ID', async () => {
        for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: `Basic ${c.emu.accessToken}` }]) {
            const res = await fetch(`${c.emu.url}/services/data/${V}/sobjects`, { headers });
            expect(res.status).toBe(401);
            expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
            expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
        }
    });

    it('reports api usage on every versioned response, errors included, counting each call', async () => {
        const a = await c.sf('sobjects/Account/001000000000000AAA');
        const b = await c.sf('limits');
        const used = (h: Headers): number => Number(/api-usage=(\d+)\//.exec(h.get('sforce-limit-info') ?? '')?.[1]);
        expect(a.status).toBe(404);
        expect(used(b.headers)).toBe(used(a.headers) + 1);
        expect(b.body.DailyApiRequests.Max).toBe(100000);
    });

    it('answers 403 REQUEST_LIMIT_EXCEEDED once the budget is used up', async () => {
        const before = c.emu.stats().apiUsage;
        c.emu.setApiUsage(100_000);
        const res = await c.sf('sobjects');
        expect(res.status).toBe(403);
        expect(res.body[0].errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
        c.emu.setApiUsage(before);
    });

    it('unknown resources are 404 NOT_FOUND arrays', async () => {
        const res = await c.sf('nope');
        expect(res.status).toBe(404);
        expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    });
});

describe('describe (§1.3–1.5)', () => {
    it('describe global lists every object and honours If-Modified-Since with 304', async () => {
        const res = await c.sf('sobjects/');
        expect(res.status).toBe(200);
        expect(res.body.encoding).toBe('UTF-8');
        expect(res.body.maxBatchSize).toBe(200);
        const names = res.body.sobjects.map((o: { name: string }) => o.name);
        for (const n of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'User', 'Invoice__c']) expect(names).toContain(n);
        const account = res.body.sobjects.find((o: { name: string }) => o.name === 'Account');
        expect(account).toMatchObject({ keyPrefix: '001', custom: false, queryable: true, urls: { sobject: `/services/data/${V}/sobjects/Account` } });
        const later = new Date(Date.now() + 60_000).toUTCString();
        const notModified = await c.sf('sobjects/', { headers: { 'If-Modified-Since': later } });
        expect(notModified.status).toBe(304);
        expect(notModified.text).toBe('');
        const earlier = await c.sf('sobjects/', { headers: { 'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' } });
        expect(earlier.status).toBe(200);
    });

    it('basic info returns objectDescribe and recentItems, with or without the trailing slash', async () => {
        for (const p of ['sobjects/Account', 'sobjects/Account/']) {
            const res = await c.sf(p);
            expect(res.status).toBe(200);
            expect(res.body.objectDescribe.name).toBe('Account');
            expect(Array.isArray(res.body.recentItems)).toBe(true);
            expect(res.body.recentItems[0].attributes.type).toBe('Account');
        }
        const missing = await c.sf('sobjects/Nope__c');
        expect(missing.status).toBe(404);
        expect(missing.body[0]).toMatchObject({ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    });

    it('describe lists fields with their flags, child relationships and the custom object', async () => {
        const res = await c.sf('sobjects/Invoice__c/describe/');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ name: 'Invoice__c', custom: true, keyPrefix: expect.stringMatching(/^\w{3}$/) });
        const field = (n: string) => res.body.fields.find((f: { name: string }) => f.name === n);
        expect(field('External_Id__c')).toMatchObject({ type: 'string', externalId: true, idLookup: true, unique: true, custom: true, soapType: 'xsd:string' });
        expect(field('Amount__c')).toMatchObject({ type: 'currency', soapType: 'xsd:double' });
        expect(field('Due_Date__c')).toMatchObject({ type: 'date', soapType: 'xsd:date' });
        expect(field('Status__c').picklistValues.map((p: { value: string }) => p.value)).toContain('Paid');
        expect(field('Account__c')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account__r' });
        for (const key of ['name', 'label', 'type', 'length', 'nillable', 'createable', 'updateable', 'filterable', 'sortable', 'externalId', 'idLookup', 'unique', 'custom', 'calculated', 'defaultedOnCreate', 'picklistValues', 'referenceTo', 'relationshipName', 'soapType']) {
            expect(field('Id')).toHaveProperty(key);
        }
        const account = await c.sf('sobjects/Account/describe');
        const rels = account.body.childRelationships.map((r: { relationshipName: string | null }) => r.relationshipName);
        expect(rels).toEqual(expect.arrayContaining(['Contacts', 'Opportunities', 'Cases', 'Invoices__r']));
        expect(account.body.fields.find((f: { name: string }) => f.name === 'Name')).toMatchObject({ nillable: false, createable: true, type: 'string' });
    });
});

describe('sObject CRUD (§2.1–2.4)', () => {
    it('creates (201 + Location), reads, updates (204), deletes (204), then 404 ENTITY_IS_DELETED', async () => {
        const created = await c.sf('sobjects/Account/', { method: 'POST', json: { Name: 'Emulator Test Co', Industry: 'Banking' } });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({ id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [] });
        const id = created.body.id as string;
        expect(created.headers.get('location')).toBe(`/services/data/${V}/sobjects/Account/${id}`);

        const got = await c.sf(`sobjects/Account/${id}`);
        expect(got.status).toBe(200);
        expect(got.body.attributes).toEqual({ type: 'Account', url: `/services/data/${V}/sobjects/Account/${id}` });
        expect(got.body).toMatchObject({ Id: id, Name: 'Emulator Test Co', Industry: 'Banking', IsDeleted: false, Phone: null });
        expect(got.body.SystemModstamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
        expect(got.body.CreatedById).toMatch(/^005\w{15}$/);

        const some = await c.sf(`sobjects/Account/${id.slice(0, 15)}?fields=Name,Industry`);
        expect(some.status).toBe(200);
        expect(Object.keys(some.body).sort()).toEqual(['Id', 'Industry', 'Name', 'attributes']);
        expect(some.body.Id).toBe(id);

        const before = got.body.SystemModstamp as string;
        await new Promise((r) => setTimeout(r, 5));
        const patched = await c.sf(`sobjects/Account/${id}`, { method: 'PATCH', json: { Industry: 'Energy', Phone: '555' } });
        expect(patched.status).toBe(204);
        expect(patched.text).toBe('');
        const after = await c.sf(`sobjects/Account/${id}`);
        expect(after.body).toMatchObject({ Industry: 'Energy', Phone: '555' });
        expect(after.body.SystemModstamp > before).toBe(true);
        expect(after.body.LastModifiedDate).toBe(after.body.SystemModstamp);

        expect((await c.sf(`sobjects/Account/${id}`, { method: 'DELETE' })).status).toBe(204);
        for (const method of ['GET', 'PATCH', 'DELETE']) {
            const again = await c.sf(`sobjects/Account/${id}`, { method, ...(method === 'PATCH' ? { json: { Name: 'x' } } : {}) });
            expect(again.status).toBe(404);
            expect(again.body[0]).toMatchObject({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
        }
        const rec = c.emu.org.get(id);
        expect(rec?.['IsDeleted']).toBe(true);
    });

    it('unknown id is 404 NOT_FOUND; unknown type is 404 "The requested resource does not exist"', async () => {
        const res = await c.sf('sobjects/Account/001000000000000AAA');
        expect(res.status).toBe(404);
        expect(res.body[0].errorCode).toBe('NOT_FOUND');
        const bad = await c.sf('sobjects/Account/not-an-id');
        expect(bad.status).toBe(404);
        const type = await c.sf('sobjects/Foo/001000000000000AAA');
        expect(type.status).toBe(404);
        expect(type.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    });

    it('reports INVALID_FIELD, REQUIRED_FIELD_MISSING, INVALID_FIELD_FOR_INSERT_UPDATE and JSON_PARSER_ERROR', async () => {
        const unknown = await c.sf('sobjects/Account', { method: 'POST', json: { Name: 'x', Bogus__c: 1 } });
        expect(unknown.status).toBe(400);
        expect(unknown.body[0]).toMatchObject({ ...ERR_SHAPE, errorCode: 'INVALID_FIELD' });

        const missing = await c.sf('sobjects/Opportunity', { method: 'POST', json: { Amount: 5 } });
        expect(missing.status).toBe(400);
        expect(missing.body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
        expect(missing.body[0].fields.sort()).toEqual(['CloseDate', 'Name', 'StageName']);
        const contact = await c.sf('sobjects/Contact', { method: 'POST', json: { FirstName: 'No' } });
        expect(contact.body[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });

        const readOnly = await c.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'o', StageName: 'Prospecting', CloseDate: '2030-01-01', IsWon: true } });
        expect(readOnly.status).toBe(400);
        expect(readOnly.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsWon'] });

        const json = await c.sf('sobjects/Account', { method: 'POST', json: '{"Name": ' });
        expect(json.status).toBe(400);
        expect(json.body[0].errorCode).toBe('JSON_PARSER_ERROR');

        const field = await c.sf(`sobjects/Account/${c.emu.org.list('Account')[0]?.['Id']}?fields=Name,Nope`);
        expect(field.status).toBe(400);
        expect(field.body[0].errorCode).toBe('INVALID_FIELD');
    });

    it('derives Opportunity IsClosed/IsWon/Probability from the stage', async () => {
        const created = await c.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2030-01-01' } });
        const id = created.body.id as string;
        await c.sf(`sobjects/Opportunity/${id}`, { method: 'PATCH', json: { StageName: 'Closed Won' } });
        const got = await c.sf(`sobjects/Opportunity/${id}?fields=IsClosed,IsWon,Probability,ForecastCategoryName`);
        expect(got.body).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100, ForecastCategoryName: 'Closed' });
    });
});

describe('external ids (§2.5–2.6)', () => {
    it('upserts: 201 created:true, then 200 created:false; GET and DELETE by external id', async () => {
        const path = 'sobjects/Invoice__c/External_Id__c/EXT-UPSERT-1';
        const first = await c.sf(path, { method: 'PATCH', json: { Amount__c: 10.5, Status__c: 'Draft' } });
        expect(first.status).toBe(201);
        expect(first.body).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
        const second = await c.sf(path, { method: 'PATCH', json: { Amount__c: 20 } });
        expect(second.status).toBe(200);
        expect(second.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
        const got = await c.sf(`${path}?fields=Amount__c,External_Id__c`);
        expect(got.status).toBe(200);
        expect(got.body).toMatchObject({ Id: first.body.id, Amount__c: 20, External_Id__c: 'EXT-UPSERT-1' });
        expect((await c.sf(path, { method: 'DELETE' })).status).toBe(204);
        expect((await c.sf(path)).status).toBe(404);
    });

    it('updateOnly=true with no match is 404 NOT_FOUND and creates nothing', async () => {
        const before = c.emu.org.count('Invoice__c');
        const res = await c.sf('sobjects/Invoice__c/External_Id__c/NOPE-1?updateOnly=true', { method: 'PATCH', json: { Amount__c: 1 } });
        expect(res.status).toBe(404);
        expect(res.body[0].errorCode).toBe('NOT_FOUND');
        expect(c.emu.org.count('Invoice__c')).toBe(before);
    });

    it('several matches answer 300 with the record URLs', async () => {
        const email = 'dup.person@example.com';
        const a = await c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'Dup', Email: email } });
        const b = await c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'Dup2', Email: email } });
        const res = await c.sf(`sobjects/Contact/Email/${encodeURIComponent(email)}`);
        expect(res.status).toBe(300);
        expect(res.body.sort()).toEqual([`/services/data/${V}/sobjects/Contact/${a.body.id}`, `/services/data/${V}/sobjects/Contact/${b.body.id}`].sort());
        const patch = await c.sf(`sobjects/Contact/Email/${encodeURIComponent(email)}`, { method: 'PATCH', json: { Title: 'x' } });
        expect(patch.status).toBe(300);
    });

    it('rejects Id or the external-id field in the body, and non-external-id fields', async () => {
        const withId = await c.sf('sobjects/Invoice__c/External_Id__c/EXT-2', { method: 'PATCH', json: { Id: '001000000000000AAA' } });
        expect(withId.status).toBe(400);
        expect(withId.body[0].errorCode).toBe('INVALID_FIELD');
        const withExt = await c.sf('sobjects/Invoice__c/External_Id__c/EXT-2', { method: 'PATCH', json: { External_Id__c: 'EXT-2' } });
        expect(withExt.status).toBe(400);
        const notExt = await c.sf('sobjects/Invoice__c/Status__c/Paid');
        expect(notExt.status).toBe(404);
        expect(notExt.body[0]).toEqual({ errorCode: 'NOT_FOUND', message: 'Provided external ID field does not exist or is not accessible: Status__c' });
    });

    it('a unique external id rejects duplicates on insert with DUPLICATE_VALUE', async () => {
        const existing = c.emu.org.list('Invoice__c')[0]?.['External_Id__c'] as string;
        const res = await c.sf('sobjects/Invoice__c', { method: 'POST', json: { External_Id__c: existing } });
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('DUPLICATE_VALUE');
    });
});

describe('org handle', () => {
    it('exposes the store: insert/update/delete as Salesforce would, setSystemModstamp', () => {
        const org = c.emu.org;
        const rec = org.insert('Account', { Name: 'Direct' });
        expect(org.get(rec['Id'] as string)?.['Name']).toBe('Direct');
        org.update('Account', rec['Id'] as string, { Name: 'Renamed' });
        org.setSystemModstamp(rec['Id'] as string, '2024-01-01T00:00:00Z');
        expect(org.get(rec['Id'] as string)?.['SystemModstamp']).toBe(Date.UTC(2024, 0, 1));
        org.delete('Account', rec['Id'] as string);
        expect(org.list('Account').some((r) => r['Id'] === rec['Id'])).toBe(false);
        expect(org.list('Account', { includeDeleted: true }).some((r) => r['Id'] === rec['Id'])).toBe(true);
        expect(() => org.insert('Account', {})).toThrow(/Required fields are missing/);
    });
});
