/** Quick actions, recent items, limits, userinfo and identity (reference §1.2, §1.6, §5, §8.1), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ apiBudget: 5000, connectionId: 'conn-d' });
});
afterAll(async () => {
    await c.emu.stop();
});

describe('quick actions (§5.1, §5.2)', () => {
    it('lists global actions with urls', async () => {
        const res = await c.sf('quickActions');
        expect(res.status).toBe(200);
        const names = res.body.map((a: { name: string }) => a.name);
        for (const n of ['LogACall', 'NewTask', 'NewContact']) expect(names).toContain(n);
        const log = res.body.find((a: { name: string }) => a.name === 'LogACall');
        expect(log).toMatchObject({
            name: 'LogACall',
            type: 'LogACall',
            label: 'Log a Call',
            urls: {
                defaultValuesTemplate: `/services/data/${V}/quickActions/LogACall/defaultValues/{ID}`,
                quickAction: `/services/data/${V}/quickActions/LogACall`,
                defaultValues: `/services/data/${V}/quickActions/LogACall/defaultValues`,
                describe: `/services/data/${V}/quickActions/LogACall/describe`
            }
        });
    });

    it('per object: the object actions plus the global ones', async () => {
        const res = await c.sf('sobjects/Account/quickActions');
        expect(res.status).toBe(200);
        const names = res.body.map((a: { name: string }) => a.name);
        expect(names).toContain('Account.New_Account');
        expect(names).toContain('LogACall');
        const desc = await c.sf('sobjects/Account/quickActions/Account.NewContact/describe');
        expect(desc.status).toBe(200);
        expect(desc.body).toMatchObject({ name: 'Account.NewContact', targetSobjectType: 'Contact', contextSobjectType: 'Account', targetParentField: 'AccountId' });
    });

    it('describe and defaultValues of LogACall; a context id pre-fills WhatId or WhoId', async () => {
        const desc = await c.sf('quickActions/LogACall/describe');
        expect(desc.body).toMatchObject({ name: 'LogACall', targetSobjectType: 'Task', layout: expect.any(Object) });
        const defaults = await c.sf('quickActions/LogACall/defaultValues');
        expect(defaults.status).toBe(200);
        expect(defaults.body).toMatchObject({ Subject: 'Call', Description: null, WhoId: null, WhatId: null });
        const account = c.emu.org.list('Account')[0]?.['Id'] as string;
        const opp = c.emu.org.list('Opportunity')[0]?.['Id'] as string;
        const caseId = c.emu.org.list('Case')[0]?.['Id'] as string;
        const lead = c.emu.org.list('Lead')[0]?.['Id'] as string;
        for (const what of [account, opp, caseId]) {
            const r = await c.sf(`quickActions/LogACall/defaultValues/${what}`);
            expect(r.body).toMatchObject({ Subject: 'Call', WhatId: what, WhoId: null });
        }
        const contact = c.emu.org.insert('Contact', { LastName: 'Ctx' })['Id'] as string;
        expect((await c.sf(`quickActions/LogACall/defaultValues/${contact}`)).body).toMatchObject({ WhoId: contact, WhatId: null });
        expect((await c.sf(`sobjects/Lead/quickActions/LogACall/defaultValues/${lead}`)).body).toMatchObject({ WhoId: lead, Subject: 'Call' });
        expect((await c.sf(`sobjects/Account/quickActions/Account.NewContact/defaultValues/${account}`)).body).toMatchObject({ AccountId: account });
    });

    it('invoking an action creates the target record with the context lookup', async () => {
        const account = c.emu.org.list('Account')[1]?.['Id'] as string;
        const res = await c.sf('sobjects/Account/quickActions/Account.NewContact', { method: 'POST', json: { contextId: account, record: { LastName: 'From Action' } } });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ id: expect.stringMatching(/^003/), success: true, created: true, contextId: account, errors: [], feedItemIds: [] });
        expect(c.emu.org.get(res.body.id)).toMatchObject({ LastName: 'From Action', AccountId: account });
    });

    it('unknown action is 404 NOT_FOUND', async () => {
        for (const p of ['quickActions/Nope', 'quickActions/Nope/describe', 'quickActions/Nope/defaultValues', 'sobjects/Account/quickActions/Nope/defaultValues']) {
            const res = await c.sf(p);
            expect(res.status, p).toBe(404);
            expect(res.body[0].errorCode).toBe('NOT_FOUND');
        }
    });
});

describe('recent items (§5.3)', () => {
    it('returns records the API user read or wrote, most recent first, honouring limit', async () => {
        const a = await c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Recent One' } });
        const b = await c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'Recent Two' } });
        await c.sf(`sobjects/Account/${a.body.id}`);
        const res = await c.sf('recent?limit=2');
        expect(res.status).toBe(200);
        expect(res.body).toEqual([
            { attributes: { type: 'Account', url: `/services/data/${V}/sobjects/Account/${a.body.id}` }, Id: a.body.id, Name: 'Recent One' },
            { attributes: { type: 'Contact', url: `/services/data/${V}/sobjects/Contact/${b.body.id}` }, Id: b.body.id, Name: 'Recent Two' }
        ]);
        const all = await c.sf('recent');
        expect(all.body.length).toBeGreaterThan(2);
        expect(all.body.length).toBeLessThanOrEqual(200);
        expect((await c.sf('recent?limit=0')).status).toBe(400);
        await c.sf(`sobjects/Account/${a.body.id}`, { method: 'DELETE' });
        expect((await c.sf('recent?limit=1')).body[0].Id).toBe(b.body.id);
    });
});

describe('limits (§1.2)', () => {
    it('reports DailyApiRequests from the api budget and usage, plus the other entries', async () => {
        const res = await c.sf('limits');
        expect(res.status).toBe(200);
        const used = Number(/api-usage=(\d+)\//.exec(res.headers.get('sforce-limit-info') ?? '')?.[1]);
        expect(res.body.DailyApiRequests).toEqual({ Max: 5000, Remaining: 5000 - used });
        for (const k of ['DailyAsyncApexExecutions', 'DailyBulkApiBatches', 'DailyBulkV2QueryJobs', 'DataStorageMB', 'FileStorageMB', 'SingleEmail', 'MassEmail']) {
            expect(res.body[k]).toEqual({ Max: expect.any(Number), Remaining: expect.any(Number) });
        }
    });

    it('recordCount counts live records per object', async () => {
        const res = await c.sf('limits/recordCount?sObjects=Account,Contact');
        expect(res.status).toBe(200);
        expect(res.body.sObjects).toEqual([
            { count: c.emu.org.count('Account'), name: 'Account' },
            { count: c.emu.org.count('Contact'), name: 'Contact' }
        ]);
    });
});

describe('userinfo and identity (§1.6)', () => {
    it('GET /services/oauth2/userinfo returns the OpenID claims of the API user', async () => {
        const res = await c.sf('/services/oauth2/userinfo');
        expect(res.status).toBe(200);
        const user = c.emu.org.apiUser();
        expect(res.body).toMatchObject({
            sub: `${c.emu.url}/id/${c.emu.org.orgId}/${c.emu.org.apiUserId}`,
            user_id: c.emu.org.apiUserId,
            organization_id: c.emu.org.orgId,
            preferred_username: user?.['Username'],
            name: user?.['Name'],
            given_name: user?.['FirstName'],
            family_name: user?.['LastName'],
            email: user?.['Email'],
            email_verified: true,
            zoneinfo: expect.any(String),
            locale: expect.any(String),
            language: expect.any(String),
            active: true,
            user_type: 'STANDARD',
            profile: expect.any(String),
            photos: { picture: expect.any(String), thumbnail: expect.any(String) },
            urls: expect.objectContaining({ rest: expect.any(String), sobjects: expect.any(String) }),
            utcOffset: expect.any(Number),
            updated_at: expect.any(String)
        });
        expect(res.headers.get('sforce-limit-info')).toBeNull();
    });

    it('a bad token gets an OAuth-style 401, not the REST error array', async () => {
        const res = await c.sf('/services/oauth2/userinfo', { headers: { Authorization: 'Bearer wrong' } });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ error: 'invalid_token' });
        expect(Array.isArray(res.body)).toBe(false);
    });

    it('the identity URL from the resources list answers', async () => {
        const resources = await c.sf(`/services/data/${V}/`);
        const res = await c.sf(resources.body.identity.replace(c.emu.url, ''));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: resources.body.identity, user_id: c.emu.org.apiUserId, organization_id: c.emu.org.orgId, username: expect.any(String), display_name: expect.any(String) });
    });

    it('works through the Nango proxy', async () => {
        const res = await c.nango('/proxy/services/oauth2/userinfo', { headers: { 'Connection-Id': 'conn-d', 'Provider-Config-Key': 'salesforce' } });
        expect(res.status).toBe(200);
        expect(res.body.user_id).toBe(c.emu.org.apiUserId);
    });
});

describe('actions (§8.1)', () => {
    it('POST /actions/standard/convertLead is 404 like production', async () => {
        const res = await c.sf('actions/standard/convertLead', { method: 'POST', json: { inputs: [{ leadId: 'x' }] } });
        expect(res.status).toBe(404);
        expect(res.body[0].errorCode).toBe('NOT_FOUND');
    });
});
