/** SOSL and parameterizedSearch contract (reference §4, §11.3), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
const ids: Record<string, string> = {};
beforeAll(async () => {
    c = await start();
    const org = c.emu.org;
    const id = (r: Record<string, unknown>): string => r['Id'] as string;
    ids['quokka'] = id(org.insert('Account', { Name: 'Quokka Holdings', Phone: '(415) 555-0199', Industry: 'Retail', NumberOfEmployees: 10 }));
    ids['quokkaLabs'] = id(org.insert('Account', { Name: 'Quokka Labs', Industry: 'Energy', NumberOfEmployees: 99 }));
    ids['plus'] = id(org.insert('Account', { Name: 'Calc 1+1 Ltd' }));
    ids['and'] = id(org.insert('Account', { Name: 'Salt and Pepper Quokkas' }));
    ids['joe'] = id(org.insert('Contact', { FirstName: 'Joe', LastName: 'Quokkason', Email: 'joe.q@wombat.example.com', Phone: '+1 212 555 0101' }));
    ids['lead'] = id(org.insert('Lead', { FirstName: 'Jane', LastName: 'Smythe', Company: 'Wombat Quokka Corp', Email: 'jane@smythe.example.com' }));
    ids['desc'] = id(org.insert('Account', { Name: 'Plain Name', Description: 'mentions quokka in the description only' }));
});
afterAll(async () => {
    await c.emu.stop();
});

const sosl = async (query: string) => c.sf(`search?q=${encodeURIComponent(query)}`);
const idsOf = (res: { body: { searchRecords: Array<{ Id: string }> } }): string[] => res.body.searchRecords.map((r) => r.Id);

describe('GET /search (SOSL)', () => {
    it('returns {searchRecords} with attributes; words match case-insensitively as tokens', async () => {
        const res = await sosl('FIND {quokka} IN NAME FIELDS RETURNING Account(Id, Name ORDER BY Name)');
        expect(res.status).toBe(200);
        expect(Object.keys(res.body)).toEqual(['searchRecords']);
        expect(res.body.searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['Quokka Holdings', 'Quokka Labs']);
        expect(res.body.searchRecords[0].attributes).toEqual({ type: 'Account', url: `/services/data/${V}/sobjects/Account/${ids['quokka']}` });
        // "quokka" is not the token "quokkas" nor "quokkason".
        const partial = await sosl('FIND {quokk} RETURNING Account(Id)');
        expect(partial.body.searchRecords).toEqual([]);
    });

    it('supports the * wildcard, multiple objects and RETURNING without fields (Id only)', async () => {
        const res = await sosl('FIND {quokka*} IN NAME FIELDS RETURNING Account(Id, Name), Contact(Id, Name), Lead');
        const byType = (t: string) => res.body.searchRecords.filter((r: { attributes: { type: string } }) => r.attributes.type === t);
        expect(byType('Account').map((r: { Id: string }) => r.Id).sort()).toEqual([ids['quokka'], ids['quokkaLabs'], ids['and']].sort());
        expect(byType('Contact').map((r: { Id: string }) => r.Id)).toEqual([ids['joe']]);
        expect(byType('Lead')).toEqual([{ attributes: { type: 'Lead', url: `/services/data/${V}/sobjects/Lead/${ids['lead']}` }, Id: ids['lead'] }]);
    });

    it('honours search groups: NAME vs ALL, EMAIL, PHONE', async () => {
        expect(idsOf(await sosl('FIND {quokka} IN NAME FIELDS RETURNING Account(Id)'))).not.toContain(ids['desc']);
        expect(idsOf(await sosl('FIND {quokka} IN ALL FIELDS RETURNING Account(Id)'))).toContain(ids['desc']);
        expect(idsOf(await sosl('FIND {quokka} RETURNING Account(Id)'))).toContain(ids['desc']);
        expect(idsOf(await sosl('FIND {joe.q@wombat.example.com} IN EMAIL FIELDS RETURNING Contact(Id)'))).toEqual([ids['joe']]);
        expect(idsOf(await sosl('FIND {wombat} IN EMAIL FIELDS RETURNING Lead(Id), Contact(Id)'))).toEqual([ids['joe']]);
        expect(idsOf(await sosl('FIND {4155550199} IN PHONE FIELDS RETURNING Account(Id)'))).toEqual([ids['quokka']]);
        expect(idsOf(await sosl('FIND {quokka} IN PHONE FIELDS RETURNING Account(Id)'))).toEqual([]);
        expect(idsOf(await sosl('FIND {(415) 555-0199} IN PHONE FIELDS RETURNING Account(Id)'))).toEqual([ids['quokka']]);
    });

    it('AND / OR / AND NOT, phrases, quoted operator words and escaped reserved characters', async () => {
        expect(idsOf(await sosl('FIND {quokka AND labs} RETURNING Account(Id)'))).toEqual([ids['quokkaLabs']]);
        expect(idsOf(await sosl('FIND {quokka labs} RETURNING Account(Id)'))).toEqual([ids['quokkaLabs']]);
        expect(idsOf(await sosl('FIND {quokka AND (holdings OR labs)} RETURNING Account(Id)')).sort()).toEqual([ids['quokka'], ids['quokkaLabs']].sort());
        expect(idsOf(await sosl('FIND {(quokka holdings) OR (quokka labs)} RETURNING Account(Id)')).sort()).toEqual([ids['quokka'], ids['quokkaLabs']].sort());
        expect(idsOf(await sosl('FIND {quokka AND NOT labs} IN NAME FIELDS RETURNING Account(Id)'))).toEqual([ids['quokka']]);
        expect(idsOf(await sosl('FIND {"salt and pepper"} RETURNING Account(Id)'))).toEqual([ids['and']]);
        expect(idsOf(await sosl('FIND {"and" pepper} RETURNING Account(Id)'))).toEqual([ids['and']]);
        expect(idsOf(await sosl('FIND {1\\+1} RETURNING Account(Id)'))).toEqual([ids['plus']]);
        expect(idsOf(await sosl('FIND {Calc 1\\+1 Ltd\\-} RETURNING Account(Id)'))).toEqual([ids['plus']]);
    });

    it('applies the per-object WHERE / ORDER BY / LIMIT with SOQL semantics, and the overall LIMIT', async () => {
        const where = await sosl("FIND {quokka*} IN NAME FIELDS RETURNING Account(Name WHERE NumberOfEmployees > 50 AND Industry = 'Energy')");
        expect(where.body.searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['Quokka Labs']);
        const limited = await sosl('FIND {quokka*} IN NAME FIELDS RETURNING Account(Name ORDER BY Name DESC LIMIT 1)');
        expect(limited.body.searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['Salt and Pepper Quokkas']);
        const overall = await sosl('FIND {quokka*} IN NAME FIELDS RETURNING Account(Id), Contact(Id) LIMIT 2');
        expect(overall.body.searchRecords).toHaveLength(2);
    });

    it('answers 400 MALFORMED_SEARCH for bad SOSL, INVALID_TYPE / INVALID_FIELD for bad names', async () => {
        for (const bad of ['quokka', 'FIND quokka', 'FIND {quokka', 'FIND {quokka} IN BODY FIELDS', 'FIND {a}', 'FIND {quokka AND}', 'FIND {quokka} LIMIT 2001', 'FIND {quokka} RETURNING Account(Name']) {
            const res = await sosl(bad);
            expect(res.status, bad).toBe(400);
            expect(res.body[0].errorCode, bad).toBe('MALFORMED_SEARCH');
        }
        const type = await sosl('FIND {quokka} RETURNING Nope__c(Id)');
        expect(type.status).toBe(400);
        expect(type.body[0].errorCode).toBe('INVALID_TYPE');
        const field = await sosl('FIND {quokka} RETURNING Account(Nope__c)');
        expect(field.status).toBe(400);
        expect(field.body[0].errorCode).toBe('INVALID_FIELD');
        expect((await c.sf('search')).status).toBe(400);
    });
});

describe('parameterizedSearch', () => {
    it('GET with sobject, per-object fields/where/limit', async () => {
        const res = await c.sf(`parameterizedSearch?q=quokka&sobject=Account&Account.fields=Id,Name&Account.where=${encodeURIComponent("Industry = 'Retail'")}&Account.limit=5&in=NAME`);
        expect(res.status).toBe(200);
        expect(res.body.searchRecords).toEqual([{ attributes: { type: 'Account', url: `/services/data/${V}/sobjects/Account/${ids['quokka']}` }, Id: ids['quokka'], Name: 'Quokka Holdings' }]);
    });

    it('POST with a JSON body: sobjects[], global fields, overallLimit', async () => {
        const res = await c.sf('parameterizedSearch', {
            method: 'POST',
            json: { q: 'quokka*', fields: ['Id', 'Name'], sobjects: [{ name: 'Account', limit: 10 }, { name: 'Contact', fields: ['Id', 'Email'] }], in: 'NAME', overallLimit: 100 }
        });
        expect(res.status).toBe(200);
        const contact = res.body.searchRecords.find((r: { attributes: { type: string } }) => r.attributes.type === 'Contact');
        expect(contact).toMatchObject({ Id: ids['joe'], Email: 'joe.q@wombat.example.com' });
        expect(res.body.searchRecords.filter((r: { attributes: { type: string } }) => r.attributes.type === 'Account').length).toBe(3);
        const capped = await c.sf('parameterizedSearch', { method: 'POST', json: { q: 'quokka*', sobjects: [{ name: 'Account' }, { name: 'Contact' }], in: 'NAME', overallLimit: 1 } });
        expect(capped.body.searchRecords).toHaveLength(1);
    });

    it('requires q and refuses SOSL syntax in it', async () => {
        expect((await c.sf('parameterizedSearch?sobject=Account')).status).toBe(400);
        expect((await c.sf(`parameterizedSearch?q=${encodeURIComponent('FIND {x}')}`)).status).toBe(400);
    });
});
