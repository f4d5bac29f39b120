import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, q, qa, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ volume: { default: 25, Account: 30, Contact: 450 }, pageSize: 2000 });
    // Fixtures with known values, created through the store like the API would.
    const org = c.emu.org;
    const acme = org.insert('Account', { Name: 'Zz Acme_100% Widgets', Industry: 'Retail', NumberOfEmployees: 5 });
    org.insert('Contact', { LastName: 'Zzfirst', FirstName: 'Ann', AccountId: acme['Id'], Email: 'ann@zz.example.com' });
    org.insert('Contact', { LastName: 'Zzsecond', FirstName: 'Bob', AccountId: acme['Id'] });
    org.insert('Account', { Name: 'Zz AcmeX100 Widgets', Industry: 'Energy', NumberOfEmployees: 50 });
    org.insert('Account', { Name: "Zz O'Brien Ltd", NumberOfEmployees: 500 });
});
afterAll(async () => {
    await c.emu.stop();
});

const run = async (soql: string, headers: Record<string, string> = {}) => c.sf(q(soql), { headers });

describe('SOQL query (§3.1)', () => {
    it('returns totalSize/done/records with attributes on every record', async () => {
        const res = await run("SELECT Id, Name FROM Account WHERE Name LIKE 'Zz%' ORDER BY Name");
        expect(res.status).toBe(200);
        expect(res.body.totalSize).toBe(3);
        expect(res.body.done).toBe(true);
        expect(res.body.nextRecordsUrl).toBeUndefined();
        expect(res.body.records.map((r: { Name: string }) => r.Name)).toEqual(['Zz Acme_100% Widgets', 'Zz AcmeX100 Widgets', "Zz O'Brien Ltd"]);
        for (const r of res.body.records) {
            expect(r.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${r.Id}` });
            expect(Object.keys(r).sort()).toEqual(['Id', 'Name', 'attributes']);
        }
    });

    it('nests parent relationships (null when empty) and child subqueries', async () => {
        const res = await run("SELECT Name, Owner.Name, Owner.Profile.Name, Parent.Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'zz acme_100% widgets'");
        expect(res.status).toBe(200);
        const [r] = res.body.records;
        expect(r.Owner).toMatchObject({ attributes: { type: 'User' }, Name: 'Integration User', Profile: { attributes: { type: 'Profile' }, Name: expect.any(String) } });
        expect(r.Parent).toBeNull();
        expect(r.Contacts).toMatchObject({ totalSize: 2, done: true });
        expect(r.Contacts.records.map((x: { LastName: string }) => x.LastName)).toEqual(['Zzfirst', 'Zzsecond']);
        expect(r.Contacts.records[0].attributes.type).toBe('Contact');
        const none = await run("SELECT Name, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'Zz AcmeX100 Widgets'");
        expect(none.body.records[0].Contacts).toBeNull();
        const child = await run("SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'Zz Acme_100% Widgets' ORDER BY LastName DESC");
        expect(child.body.records.map((x: { LastName: string }) => x.LastName)).toEqual(['Zzsecond', 'Zzfirst']);
        expect(child.body.records[0].Account).toMatchObject({ attributes: { type: 'Account' }, Name: 'Zz Acme_100% Widgets' });
    });

    it('supports AND/OR/NOT with parentheses, comparison operators, IN/NOT IN, null and booleans', async () => {
        const names = async (where: string) =>
            (await run(`SELECT Name FROM Account WHERE Name LIKE 'Zz%' AND (${where}) ORDER BY Name`)).body.records.map((r: { Name: string }) => r.Name);
        expect(await names('NumberOfEmployees > 5')).toEqual(['Zz AcmeX100 Widgets', "Zz O'Brien Ltd"]);
        expect(await names('NumberOfEmployees >= 50 AND NumberOfEmployees <= 50')).toEqual(['Zz AcmeX100 Widgets']);
        expect(await names('NumberOfEmployees < 50 OR Industry = null')).toEqual(['Zz Acme_100% Widgets', "Zz O'Brien Ltd"]);
        expect(await names("NOT (Industry IN ('Retail', 'Energy'))")).toEqual(["Zz O'Brien Ltd"]);
        expect(await names("Industry NOT IN ('Retail')")).toEqual(['Zz AcmeX100 Widgets', "Zz O'Brien Ltd"]);
        expect(await names('Industry != null')).toEqual(['Zz Acme_100% Widgets', 'Zz AcmeX100 Widgets']);
        expect(await names("Name = 'Zz O\\'Brien Ltd'")).toEqual(["Zz O'Brien Ltd"]);
        expect(await names('IsDeleted = false AND NumberOfEmployees != 5')).toEqual(['Zz AcmeX100 Widgets', "Zz O'Brien Ltd"]);
        expect(await names("(NumberOfEmployees = 5 OR NumberOfEmployees = 500) AND NOT Name LIKE '%Ltd'")).toEqual(['Zz Acme_100% Widgets']);
    });

    it('LIKE is case-insensitive with % and _ wildcards and \\% \\_ escapes', async () => {
        const names = async (pattern: string) =>
            (await run(`SELECT Name FROM Account WHERE Name LIKE '${pattern}' ORDER BY Name`)).body.records.map((r: { Name: string }) => r.Name);
        expect(await names('zz acme%')).toEqual(['Zz Acme_100% Widgets', 'Zz AcmeX100 Widgets']);
        expect(await names('Zz Acme_100%')).toEqual(['Zz Acme_100% Widgets', 'Zz AcmeX100 Widgets']);
        expect(await names('Zz Acme\\_100\\% %')).toEqual(['Zz Acme_100% Widgets']);
    });

    it('filters on date and datetime literals (Z, fractional seconds, offsets) and TODAY / LAST_N_DAYS', async () => {
        const org = c.emu.org;
        const rec = org.insert('Account', { Name: 'Zz Dated' });
        const id = rec['Id'] as string;
        org.setSystemModstamp(id, '2024-03-01T10:00:00.000Z');
        const count = async (where: string) => (await run(`SELECT COUNT() FROM Account WHERE Id = '${id}' AND ${where}`)).body.totalSize;
        expect(await count('SystemModstamp = 2024-03-01T10:00:00Z')).toBe(1);
        expect(await count('SystemModstamp = 2024-03-01T10:00:00.000Z')).toBe(1);
        expect(await count('SystemModstamp = 2024-03-01T12:00:00+02:00')).toBe(1);
        expect(await count('SystemModstamp > 2024-03-01T09:59:59.999Z')).toBe(1);
        expect(await count('SystemModstamp > 2024-03-01T10:00:00Z')).toBe(0);
        expect(await count('CreatedDate = TODAY')).toBe(1);
        expect(await count('CreatedDate = LAST_N_DAYS:3')).toBe(1);
        expect(await count('SystemModstamp = LAST_N_DAYS:3')).toBe(0);
        const opp = org.insert('Opportunity', { Name: 'Zz', StageName: 'Prospecting', CloseDate: '2031-05-05' });
        const oc = await run(`SELECT COUNT() FROM Opportunity WHERE Id = '${String(opp['Id']).slice(0, 15)}' AND CloseDate = 2031-05-05 AND CloseDate > 2031-05-04`);
        expect(oc.body.totalSize).toBe(1);
    });

    it('orders by several fields ASC/DESC with NULLS FIRST/LAST, and applies LIMIT/OFFSET', async () => {
        const base = "SELECT Name, Industry FROM Account WHERE Name LIKE 'Zz%' AND Name != 'Zz Dated'";
        const first = await run(`${base} ORDER BY Industry ASC NULLS FIRST, Name DESC`);
        expect(first.body.records.map((r: { Name: string }) => r.Name)).toEqual(["Zz O'Brien Ltd", 'Zz AcmeX100 Widgets', 'Zz Acme_100% Widgets']);
        const last = await run(`${base} ORDER BY Industry DESC NULLS LAST`);
        expect(last.body.records.map((r: { Name: string }) => r.Name)).toEqual(['Zz Acme_100% Widgets', 'Zz AcmeX100 Widgets', "Zz O'Brien Ltd"]);
        const page = await run(`${base} ORDER BY Name LIMIT 1 OFFSET 1`);
        expect(page.body.totalSize).toBe(1);
        expect(page.body.records[0].Name).toBe('Zz AcmeX100 Widgets');
        const tooFar = await run('SELECT Id FROM Account LIMIT 10 OFFSET 2001');
        expect(tooFar.status).toBe(400);
        expect(tooFar.body[0].errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    });

    it('COUNT() returns totalSize and no records', async () => {
        const res = await run("SELECT COUNT() FROM Account WHERE Name LIKE 'Zz Acme%'");
        expect(res.body).toEqual({ totalSize: 2, done: true, records: [] });
    });

    it('reports INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY', async () => {
        const field = await run('SELECT Id, Nope__c FROM Account');
        expect(field.status).toBe(400);
        expect(field.body[0].errorCode).toBe('INVALID_FIELD');
        const rel = await run('SELECT Id, Nope.Name FROM Account');
        expect(rel.body[0].errorCode).toBe('INVALID_FIELD');
        const type = await run('SELECT Id FROM Nope__c');
        expect(type.status).toBe(400);
        expect(type.body[0].errorCode).toBe('INVALID_TYPE');
        for (const bad of ['SELECT FROM Account', 'SELEC Id FROM Account', "SELECT Id FROM Account WHERE Name = 5", 'SELECT Id FROM Account WHERE CreatedDate > 2024-01-01']) {
            const res = await run(bad);
            expect(res.status, bad).toBe(400);
            expect(res.body[0].errorCode, bad).toBe('MALFORMED_QUERY');
        }
        const missing = await c.sf('query');
        expect(missing.status).toBe(400);
    });
});

describe('paging and locators (§0.4, §3.2)', () => {
    it('pages with Sforce-Query-Options batchSize and reusable locators; the result set is fixed at query start', async () => {
        const soql = 'SELECT Id FROM Contact ORDER BY Id';
        const total = c.emu.org.count('Contact');
        expect(total).toBeGreaterThan(400);
        const first = await run(soql, { 'Sforce-Query-Options': 'batchSize=200' });
        expect(first.body).toMatchObject({ totalSize: total, done: false });
        expect(first.body.records).toHaveLength(200);
        expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/\w{15,18}-200$/);

        // A write after the query started doesn't shift the pages.
        c.emu.org.insert('Contact', { LastName: 'Late' });
        const ids: string[] = first.body.records.map((r: { Id: string }) => r.Id);
        let next: string | undefined = first.body.nextRecordsUrl;
        const again = await c.sf(next as string);
        while (next) {
            const page = await c.sf(next);
            expect(page.status).toBe(200);
            expect(page.body.totalSize).toBe(total);
            ids.push(...page.body.records.map((r: { Id: string }) => r.Id));
            next = page.body.nextRecordsUrl;
        }
        expect(ids).toHaveLength(total);
        expect(new Set(ids).size).toBe(total);
        expect([...ids].sort()).toEqual(ids);
        // Reusing a locator returns the same page.
        const reused = await c.sf(first.body.nextRecordsUrl);
        expect(reused.body.records).toEqual(again.body.records);
    });

    it('uses the configured default page size without the header and clamps batchSize to 200..2000', async () => {
        const small = await start({ volume: { default: 3, Account: 12 }, pageSize: 5 });
        try {
            const res = await small.sf(q('SELECT Id FROM Account'));
            expect(res.body.records).toHaveLength(5);
            expect(res.body.nextRecordsUrl).toMatch(/-5$/);
            const clamped = await small.sf(q('SELECT Id FROM Account'), { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
            expect(clamped.body.records).toHaveLength(12);
            expect(clamped.body.done).toBe(true);
        } finally {
            await small.emu.stop();
        }
    });

    it('unknown locators are 400 INVALID_QUERY_LOCATOR', async () => {
        const res = await c.sf('query/0r8000000000000AAA-200');
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    });
});

describe('queryAll (§3.3)', () => {
    it('includes deleted rows (IsDeleted = true) that query does not, and pages under /query/', async () => {
        const org = c.emu.org;
        const rec = org.insert('Lead', { LastName: 'Gone', Company: 'Gone Inc' });
        const id = rec['Id'] as string;
        expect((await c.sf(`sobjects/Lead/${id}`, { method: 'DELETE' })).status).toBe(204);
        const soql = `SELECT Id, IsDeleted, SystemModstamp FROM Lead WHERE Id = '${id}'`;
        expect((await run(soql)).body.totalSize).toBe(0);
        const all = await c.sf(qa(soql));
        expect(all.body.totalSize).toBe(1);
        expect(all.body.records[0]).toMatchObject({ Id: id, IsDeleted: true });
        const deleted = await c.sf(qa('SELECT Id FROM Lead WHERE IsDeleted = true'), { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
        expect(deleted.body.records.map((r: { Id: string }) => r.Id)).toContain(id);
        const many = await c.sf(qa('SELECT Id FROM Contact'), { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
        expect(many.body.nextRecordsUrl).toMatch(/\/query\//);
    });
});

describe('performance', () => {
    it('sorts and pages 100k rows quickly', async () => {
        const big = await start({ volume: { default: 1, Account: 1, Invoice__c: 100_000 } });
        try {
            const t0 = Date.now();
            let res = await big.sf(q('SELECT Id, Name, Amount__c, Account__r.Name FROM Invoice__c ORDER BY SystemModstamp ASC, Id ASC'));
            let n = res.body.records.length;
            while (!res.body.done) {
                res = await big.sf(res.body.nextRecordsUrl);
                n += res.body.records.length;
            }
            expect(n).toBe(100_000);
            expect(Date.now() - t0).toBeLessThan(10_000);
            expect(big.emu.stats().byEndpoint['GET /query/{locator}']).toBe(49);
        } finally {
            await big.emu.stop();
        }
    });
});
