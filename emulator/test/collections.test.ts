/** sObject Collections contract (reference §6), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start();
});
afterAll(async () => {
    await c.emu.stop();
});

const ok = { id: expect.stringMatching(/^\w{18}$/), success: true, errors: [] };
const rolledBack = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: expect.any(String), fields: [] };

describe('create (POST /composite/sobjects)', () => {
    it('creates mixed types, returns SaveResults in input order, HTTP 200', async () => {
        const res = await c.sf('composite/sobjects', {
            method: 'POST',
            json: {
                allOrNone: false,
                records: [
                    { attributes: { type: 'Account' }, Name: 'Coll A' },
                    { attributes: { type: 'Account' }, Name: 'Coll B' },
                    { attributes: { type: 'Contact' }, LastName: 'Coll C' }
                ]
            }
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual([ok, ok, ok]);
        expect(res.body[0].id.startsWith('001')).toBe(true);
        expect(res.body[2].id.startsWith('003')).toBe(true);
        expect(c.emu.org.get(res.body[1].id)?.['Name']).toBe('Coll B');
    });

    it('allOrNone=false keeps the good records and reports statusCode errors for the bad ones', async () => {
        const before = c.emu.org.count('Account');
        const res = await c.sf('composite/sobjects', {
            method: 'POST',
            json: { allOrNone: false, records: [{ attributes: { type: 'Account' }, Name: 'Good 1' }, { attributes: { type: 'Account' } }, { attributes: { type: 'Account' }, Name: 'Good 2' }] }
        });
        expect(res.status).toBe(200);
        expect(res.body[0]).toEqual(ok);
        expect(res.body[1].success).toBe(false);
        expect(res.body[1].errors).toEqual([{ statusCode: 'REQUIRED_FIELD_MISSING', message: expect.stringContaining('Name'), fields: ['Name'] }]);
        expect(res.body[1].errors[0].errorCode).toBeUndefined();
        expect(res.body[2]).toEqual(ok);
        expect(c.emu.org.count('Account')).toBe(before + 2);
    });

    it('allOrNone=true rolls everything back; the others carry ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
        const before = c.emu.org.count('Account');
        const res = await c.sf('composite/sobjects', {
            method: 'POST',
            json: { allOrNone: true, records: [{ attributes: { type: 'Account' }, Name: 'Rolled 1' }, { attributes: { type: 'Account' }, Bogus__c: 1 }, { attributes: { type: 'Account' }, Name: 'Rolled 2' }] }
        });
        expect(res.status).toBe(200);
        expect(res.body).toHaveLength(3);
        expect(res.body[0]).toMatchObject({ success: false, errors: [rolledBack] });
        expect(res.body[0].id ?? null).toBeNull();
        expect(res.body[1]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_FIELD' }] });
        expect(res.body[2]).toMatchObject({ success: false, errors: [rolledBack] });
        expect(c.emu.org.count('Account')).toBe(before);
        const q = await c.sf(`query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name LIKE 'Rolled%'")}`);
        expect(q.body.totalSize).toBe(0);
    });

    it('refuses an id on create and more than 200 records', async () => {
        const withId = await c.sf('composite/sobjects', { method: 'POST', json: { records: [{ attributes: { type: 'Account' }, Id: '001000000000000AAA', Name: 'x' }] } });
        expect(withId.status).toBe(200);
        expect(withId.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_FIELD' }] });
        const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `Big ${i}` }));
        const big = await c.sf('composite/sobjects', { method: 'POST', json: { records } });
        expect(big.status).toBe(400);
        expect(big.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
        expect(c.emu.org.list('Account').some((r) => r['Name'] === 'Big 0')).toBe(false);
    });

    it('refuses more than 10 chunks of consecutive same-type records', async () => {
        const records = Array.from({ length: 11 }, (_, i) => (i % 2 === 0 ? { attributes: { type: 'Account' }, Name: `Chunk ${i}` } : { attributes: { type: 'Contact' }, LastName: `Chunk ${i}` }));
        const res = await c.sf('composite/sobjects', { method: 'POST', json: { records } });
        expect(res.status).toBe(400);
        const ten = await c.sf('composite/sobjects', { method: 'POST', json: { records: records.slice(0, 10) } });
        expect(ten.status).toBe(200);
        expect(ten.body.every((r: { success: boolean }) => r.success)).toBe(true);
    });

    it('a record without attributes.type fails on its own', async () => {
        const res = await c.sf('composite/sobjects', { method: 'POST', json: { records: [{ Name: 'No type' }] } });
        expect(res.status).toBe(200);
        expect(res.body[0].success).toBe(false);
        expect(res.body[0].errors[0].statusCode).toEqual(expect.any(String));
    });
});

describe('update (PATCH /composite/sobjects)', () => {
    it('updates by id + attributes.type; unknown ids fail per record', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Upd A' });
        const b = c.emu.org.insert('Contact', { LastName: 'Upd B' });
        const res = await c.sf('composite/sobjects', {
            method: 'PATCH',
            json: {
                allOrNone: false,
                records: [
                    { attributes: { type: 'Account' }, id: a['Id'], Name: 'Upd A2' },
                    { attributes: { type: 'Contact' }, Id: b['Id'], Title: 'CTO' },
                    { attributes: { type: 'Account' }, id: '001000000000001AAA', Name: 'nobody' },
                    { attributes: { type: 'Account' }, Name: 'no id' }
                ]
            }
        });
        expect(res.status).toBe(200);
        expect(res.body[0]).toEqual({ id: a['Id'], success: true, errors: [] });
        expect(res.body[1]).toEqual({ id: b['Id'], success: true, errors: [] });
        expect(res.body[2].success).toBe(false);
        expect(res.body[3]).toMatchObject({ success: false, errors: [{ statusCode: 'MISSING_ARGUMENT' }] });
        expect(c.emu.org.get(a['Id'] as string)?.['Name']).toBe('Upd A2');
        expect(c.emu.org.get(b['Id'] as string)?.['Title']).toBe('CTO');
    });

    it('allOrNone=true restores earlier updates when a later record fails', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Keep Me' });
        const res = await c.sf('composite/sobjects', {
            method: 'PATCH',
            json: { allOrNone: true, records: [{ attributes: { type: 'Account' }, id: a['Id'], Name: 'Changed' }, { attributes: { type: 'Account' }, id: a['Id'], Name: '' }] }
        });
        expect(res.status).toBe(200);
        expect(res.body[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
        expect(res.body[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
        expect(c.emu.org.get(a['Id'] as string)?.['Name']).toBe('Keep Me');
    });
});

describe('upsert (PATCH /composite/sobjects/{sObject}/{extIdField})', () => {
    it('creates and updates by external id with `created`', async () => {
        const path = 'composite/sobjects/Invoice__c/External_Id__c';
        const first = await c.sf(path, {
            method: 'PATCH',
            json: { allOrNone: false, records: [{ attributes: { type: 'Invoice__c' }, External_Id__c: 'COLL-1', Amount__c: 1 }, { attributes: { type: 'Invoice__c' }, External_Id__c: 'COLL-2', Amount__c: 2 }] }
        });
        expect(first.status).toBe(200);
        expect(first.body).toEqual([
            { ...ok, created: true },
            { ...ok, created: true }
        ]);
        const second = await c.sf(path, {
            method: 'PATCH',
            json: { records: [{ attributes: { type: 'Invoice__c' }, External_Id__c: 'COLL-1', Amount__c: 10 }, { attributes: { type: 'Invoice__c' }, External_Id__c: 'COLL-3', Amount__c: 3 }] }
        });
        expect(second.body[0]).toEqual({ id: first.body[0].id, success: true, errors: [], created: false });
        expect(second.body[1]).toMatchObject({ success: true, created: true });
        expect(c.emu.org.get(first.body[0].id)?.['Amount__c']).toBe(10);
    });

    it('rejects record ids and other types per record; a non-external-id field is 404', async () => {
        const res = await c.sf('composite/sobjects/Invoice__c/External_Id__c', {
            method: 'PATCH',
            json: { records: [{ attributes: { type: 'Invoice__c' }, Id: '001000000000000AAA', External_Id__c: 'X' }, { attributes: { type: 'Account' }, External_Id__c: 'Y' }] }
        });
        expect(res.status).toBe(200);
        expect(res.body.map((r: { success: boolean }) => r.success)).toEqual([false, false]);
        const bad = await c.sf('composite/sobjects/Invoice__c/Status__c', { method: 'PATCH', json: { records: [] } });
        expect(bad.status).toBe(404);
    });
});

describe('delete (DELETE /composite/sobjects?ids=)', () => {
    it('deletes mixed types; deleted/unknown ids fail per record', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Del A' });
        const b = c.emu.org.insert('Lead', { LastName: 'Del B', Company: 'X' });
        const res = await c.sf(`composite/sobjects?ids=${a['Id']},${b['Id']}&allOrNone=false`, { method: 'DELETE' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual([
            { id: a['Id'], success: true, errors: [] },
            { id: b['Id'], success: true, errors: [] }
        ]);
        const again = await c.sf(`composite/sobjects?ids=${a['Id']}`, { method: 'DELETE' });
        expect(again.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] });
    });

    it('allOrNone=true deletes nothing when one id fails', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Survivor' });
        const res = await c.sf(`composite/sobjects?ids=${a['Id']},001000000000002AAA&allOrNone=true`, { method: 'DELETE' });
        expect(res.status).toBe(200);
        expect(res.body[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
        expect(res.body[1].success).toBe(false);
        expect(c.emu.org.get(a['Id'] as string)?.['IsDeleted']).toBe(false);
    });

    it('more than 200 ids is 400 EXCEEDED_ID_LIMIT', async () => {
        const ids = Array.from({ length: 201 }, () => '001000000000002AAA').join(',');
        const res = await c.sf(`composite/sobjects?ids=${ids}`, { method: 'DELETE' });
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
    });
});

describe('retrieve (GET/POST /composite/sobjects/{sObject})', () => {
    it('returns records in id order with null for missing ids; bad field is 400', async () => {
        const [x, y] = c.emu.org.list('Account');
        const ids = [x?.['Id'], '001000000000003AAA', y?.['Id'], 'garbage'].join(',');
        const res = await c.sf(`composite/sobjects/Account?ids=${ids}&fields=Id,Name`);
        expect(res.status).toBe(200);
        expect(res.body).toHaveLength(4);
        expect(res.body[0]).toEqual({ attributes: { type: 'Account', url: `/services/data/${V}/sobjects/Account/${x?.['Id']}` }, Id: x?.['Id'], Name: x?.['Name'] });
        expect(res.body[1]).toBeNull();
        expect(res.body[2].Id).toBe(y?.['Id']);
        expect(res.body[3]).toBeNull();
        const post = await c.sf('composite/sobjects/Account', { method: 'POST', json: { ids: [x?.['Id']], fields: ['Name'] } });
        expect(post.body[0].Name).toBe(x?.['Name']);
        const bad = await c.sf(`composite/sobjects/Account?ids=${x?.['Id']}&fields=Nope`);
        expect(bad.status).toBe(400);
        expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
    });

    it('counts one API call per collection request', async () => {
        c.emu.resetStats();
        await c.sf('composite/sobjects', { method: 'POST', json: { records: [{ attributes: { type: 'Account' }, Name: 'One call' }, { attributes: { type: 'Account' }, Name: 'One call 2' }] } });
        expect(c.emu.stats().calls).toBe(1);
        expect(c.emu.stats().byEndpoint['POST /composite/sobjects']).toBe(1);
    });
});
