import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, qa, start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ apiBudget: 1000, bulkPollsToComplete: 0 });
});
afterAll(async () => {
    await c.emu.stop();
});

const limitInfo = (h: Headers): { used: number; max: number } => {
    const m = /^api-usage=(\d+)\/(\d+)$/.exec(h.get('sforce-limit-info') ?? '');
    return { used: Number(m?.[1]), max: Number(m?.[2]) };
};

describe('daily API budget (§0.3, §10.2)', () => {
    it('each versioned call counts 1 and Sforce-Limit-Info / limits DailyApiRequests report it; /services/data/ counts 0 and has no header', async () => {
        const a = await c.sf(q('SELECT Id FROM Account'));
        const versions = await c.sf('/services/data/');
        expect(versions.headers.get('sforce-limit-info')).toBeNull();
        const b = await c.sf('limits');
        expect(limitInfo(b.headers)).toEqual({ used: limitInfo(a.headers).used + 1, max: 1000 });
        expect(b.body.DailyApiRequests).toEqual({ Max: 1000, Remaining: 1000 - limitInfo(b.headers).used });
    });

    it('composite counts 1 whatever its subrequests; batch counts each subrequest', async () => {
        const before = limitInfo((await c.sf('limits')).headers).used;
        const comp = await c.sf('composite', {
            method: 'POST',
            json: {
                compositeRequest: [
                    { method: 'GET', url: `/services/data/${V}/sobjects/Account/describe`, referenceId: 'a' },
                    { method: 'GET', url: `/services/data/${V}/query?q=SELECT+Id+FROM+Account`, referenceId: 'b' },
                    { method: 'POST', url: `/services/data/${V}/sobjects/Account`, referenceId: 'c', body: { Name: 'Composite budget' } }
                ]
            }
        });
        expect(comp.status).toBe(200);
        expect(comp.body.compositeResponse.map((r: { httpStatusCode: number }) => r.httpStatusCode)).toEqual([200, 200, 201]);
        expect(limitInfo(comp.headers).used).toBe(before + 1);
        const batch = await c.sf('composite/batch', {
            method: 'POST',
            json: { batchRequests: [{ method: 'GET', url: `${V}/limits` }, { method: 'GET', url: `${V}/limits` }, { method: 'GET', url: `${V}/limits` }] }
        });
        expect(batch.status).toBe(200);
        expect(limitInfo(batch.headers).used).toBe(before + 1 + 3);
    });

    it('query pages and Bulk API calls count 1 each', async () => {
        const before = limitInfo((await c.sf('limits')).headers).used;
        const job = await c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query: 'SELECT Id FROM Account' } });
        expect(limitInfo(job.headers).used).toBe(before + 1);
        const polled = await c.sf(`jobs/query/${job.body.id}`);
        const res = await c.sf(`jobs/query/${job.body.id}/results`);
        expect(polled.body.state).toBe('JobComplete');
        expect(limitInfo(res.headers).used).toBe(before + 3);
    });

    it('once usage reaches the budget, versioned calls answer 403 REQUEST_LIMIT_EXCEEDED with Sforce-Limit-Info; versions and control paths still work', async () => {
        c.emu.setApiUsage(1000);
        for (const path of ['limits', q('SELECT Id FROM Account'), 'jobs/query']) {
            const res = await c.sf(path);
            expect(res.status).toBe(403);
            expect(res.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
            expect(limitInfo(res.headers)).toEqual({ used: 1000, max: 1000 });
        }
        expect((await c.sf('/services/data/')).status).toBe(200);
        expect(c.emu.stats().apiUsage).toBe(1000);
        // A batch that starts under the budget answers its over-budget subrequests 403.
        c.emu.setApiUsage(998);
        const batch = await c.sf('composite/batch', { method: 'POST', json: { batchRequests: [{ method: 'GET', url: `${V}/limits` }, { method: 'GET', url: `${V}/limits` }, { method: 'GET', url: `${V}/limits` }] } });
        expect(batch.body.results.map((r: { statusCode: number }) => r.statusCode)).toEqual([200, 200, 403]);
        c.emu.setApiBudget(5000);
        const ok = await c.sf('limits');
        expect(ok.status).toBe(200);
        expect(ok.body.DailyApiRequests).toEqual({ Max: 5000, Remaining: 5000 - 1001 });
        c.emu.setApiUsage(0);
    });
});

describe('hard deletes and the Recycle Bin (§12.2)', () => {
    it('hardDelete purges a record: gone from query, queryAll (no IsDeleted row) and GET by id', async () => {
        const contact = c.emu.org.list('Contact')[0];
        const id = String(contact?.['Id']);
        c.emu.org.delete('Contact', id);
        const deleted = await c.sf(qa(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`));
        expect(deleted.body.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
        // the count includes the rows purged with it: its ContactHistory rows
        const history = c.emu.org.list('ContactHistory', { includeDeleted: true }).filter((h) => h['ContactId'] === id).length;
        expect(c.emu.org.hardDelete(id)).toBe(1 + history);
        expect((await c.sf(qa(`SELECT Id FROM Contact WHERE Id = '${id}'`))).body.totalSize).toBe(0);
        expect((await c.sf(q(`SELECT Id FROM Contact WHERE Id = '${id}'`))).body.totalSize).toBe(0);
        const get = await c.sf(`sobjects/Contact/${id}`);
        expect(get.status).toBe(404);
        expect(get.body[0].errorCode).toBe('NOT_FOUND');
    });

    it('hardDelete of a live Account purges it and its cascade-deleted Contacts', async () => {
        const account = c.emu.org.list('Account').find((a) => c.emu.org.list('Contact').some((x) => x['AccountId'] === a['Id']));
        const id = String(account?.['Id']);
        const kids = c.emu.org.list('Contact').filter((x) => x['AccountId'] === id).length;
        expect(c.emu.org.hardDelete(id)).toBe(1 + kids);
        const res = await c.sf(qa(`SELECT Id FROM Contact WHERE AccountId = '${id}'`));
        expect(res.body.totalSize).toBe(0);
        expect((await c.sf(qa(`SELECT Id FROM Account WHERE Id = '${id}'`))).body.totalSize).toBe(0);
    });

    it('emptyRecycleBin(type?) purges the IsDeleted rows of one object or of all', async () => {
        const [a, b] = c.emu.org.list('Lead');
        const [t] = c.emu.org.list('Task');
        c.emu.org.delete('Lead', String(a?.['Id']));
        c.emu.org.delete('Lead', String(b?.['Id']));
        c.emu.org.delete('Task', String(t?.['Id']));
        expect((await c.sf(qa('SELECT Id FROM Lead WHERE IsDeleted = true'))).body.totalSize).toBe(2);
        expect(c.emu.org.emptyRecycleBin('Lead')).toBe(2);
        expect((await c.sf(qa('SELECT Id FROM Lead WHERE IsDeleted = true'))).body.totalSize).toBe(0);
        expect((await c.sf(qa('SELECT Id FROM Task WHERE IsDeleted = true'))).body.totalSize).toBe(1);
        expect(c.emu.org.emptyRecycleBin()).toBeGreaterThanOrEqual(1);
        expect((await c.sf(qa('SELECT Id FROM Task WHERE IsDeleted = true'))).body.totalSize).toBe(0);
    });
});

describe('limits/recordCount', () => {
    it('returns live counts that follow inserts and deletes', async () => {
        const before = await c.sf('limits/recordCount?sObjects=Contact,Case');
        expect(before.status).toBe(200);
        const count = (body: { sObjects: Array<{ name: string; count: number }> }, name: string): number | undefined => body.sObjects.find((o) => o.name === name)?.count;
        expect(count(before.body, 'Contact')).toBe(c.emu.org.count('Contact'));
        expect(count(before.body, 'Case')).toBe(c.emu.org.count('Case'));
        expect(before.body.sObjects).toHaveLength(2);
        await c.sf('sobjects/Case', { method: 'POST', json: { Subject: 'Counted' } });
        const cs = c.emu.org.list('Contact')[0];
        await c.sf(`sobjects/Contact/${String(cs?.['Id'])}`, { method: 'DELETE' });
        const after = await c.sf('limits/recordCount?sObjects=Contact,Case');
        expect(count(after.body, 'Case')).toBe((count(before.body, 'Case') ?? 0) + 1);
        expect(count(after.body, 'Contact')).toBe((count(before.body, 'Contact') ?? 0) - 1);
    });
});
