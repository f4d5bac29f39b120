/** Composite, composite batch and composite graph contract (reference §7), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start();
});
afterAll(async () => {
    await c.emu.stop();
});

const base = `/services/data/${V}`;
const HALTED_ROLLBACK = 'The transaction was rolled back since another operation in the same transaction failed.';
const used = (h: Headers): number => Number(/api-usage=(\d+)\//.exec(h.get('sforce-limit-info') ?? '')?.[1]);

describe('POST /composite (§7.1)', () => {
    it('chains references in body and url; 201 carries Location; 204 has body null', async () => {
        const res = await c.sf('composite', {
            method: 'POST',
            json: {
                allOrNone: false,
                collateSubrequests: false,
                compositeRequest: [
                    { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'refAccount', body: { Name: 'Composite Co' } },
                    { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'refContact', body: { LastName: 'Comp', AccountId: '@{refAccount.id}' } },
                    { method: 'GET', url: `${base}/sobjects/Account/@{refAccount.id}?fields=Name`, referenceId: 'refGet' },
                    { method: 'PATCH', url: `${base}/sobjects/Account/@{refGet.Id}`, referenceId: 'refPatch', body: { Description: 'named @{refGet.Name}' } },
                    { method: 'GET', url: `${base}/query?q=${encodeURIComponent("SELECT Id, Name FROM Contact WHERE LastName = 'Comp'")}`, referenceId: 'refQuery' },
                    { method: 'PATCH', url: `${base}/sobjects/Contact/@{refQuery.records[0].Id}`, referenceId: 'refPatch2', body: { Title: '@{refQuery.records[0].Name}' } }
                ]
            }
        });
        expect(res.status).toBe(200);
        const r = res.body.compositeResponse;
        expect(r.map((x: { referenceId: string }) => x.referenceId)).toEqual(['refAccount', 'refContact', 'refGet', 'refPatch', 'refQuery', 'refPatch2']);
        expect(r[0]).toEqual({
            body: { id: expect.stringMatching(/^001/), success: true, errors: [] },
            httpHeaders: { Location: `${base}/sobjects/Account/${r[0].body.id}` },
            httpStatusCode: 201,
            referenceId: 'refAccount'
        });
        expect(r[1].httpStatusCode).toBe(201);
        expect(c.emu.org.get(r[1].body.id)?.['AccountId']).toBe(r[0].body.id);
        expect(r[2].body).toMatchObject({ Id: r[0].body.id, Name: 'Composite Co' });
        expect(r[3]).toEqual({ body: null, httpHeaders: {}, httpStatusCode: 204, referenceId: 'refPatch' });
        expect(c.emu.org.get(r[0].body.id)?.['Description']).toBe('named Composite Co');
        expect(r[4].body.totalSize).toBe(1);
        expect(c.emu.org.get(r[1].body.id)?.['Title']).toBe('Comp');
    });

    it('allOrNone=false: dependents of a failed subrequest get PROCESSING_HALTED, independent ones run', async () => {
        const res = await c.sf('composite', {
            method: 'POST',
            json: {
                compositeRequest: [
                    { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'bad', body: { Nope__c: 1 } },
                    { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'dependent', body: { LastName: 'Dep', AccountId: '@{bad.id}' } },
                    { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'independent', body: { Name: 'Independent Co' } }
                ]
            }
        });
        expect(res.status).toBe(200);
        const [bad, dep, ind] = res.body.compositeResponse;
        expect(bad.httpStatusCode).toBe(400);
        expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
        expect(dep.httpStatusCode).toBe(400);
        expect(dep.body[0].errorCode).toBe('PROCESSING_HALTED');
        expect(ind.httpStatusCode).toBe(201);
        expect(c.emu.org.get(ind.body.id)?.['Name']).toBe('Independent Co');
    });

    it('allOrNone=true rolls back every write (including collections) and halts all the others', async () => {
        const before = { a: c.emu.org.count('Account'), c: c.emu.org.count('Contact') };
        const victim = c.emu.org.insert('Account', { Name: 'Untouched' });
        const res = await c.sf('composite', {
            method: 'POST',
            json: {
                allOrNone: true,
                compositeRequest: [
                    { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a1', body: { Name: 'Rollback Co' } },
                    { method: 'POST', url: `${base}/composite/sobjects`, referenceId: 'coll', body: { allOrNone: false, records: [{ attributes: { type: 'Contact' }, LastName: 'Rollback Contact' }] } },
                    { method: 'PATCH', url: `${base}/sobjects/Account/${victim['Id']}`, referenceId: 'p1', body: { Name: 'Changed' } },
                    { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'fails', body: { FirstName: 'No last name' } },
                    { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'after', body: { Name: 'Never' } }
                ]
            }
        });
        expect(res.status).toBe(200);
        const r = res.body.compositeResponse;
        expect(r).toHaveLength(5);
        expect(r[3]).toMatchObject({ httpStatusCode: 400, referenceId: 'fails', body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] });
        for (const i of [0, 1, 2, 4]) {
            expect(r[i].httpStatusCode).toBe(400);
            expect(r[i].body).toEqual([{ errorCode: 'PROCESSING_HALTED', message: HALTED_ROLLBACK }]);
        }
        expect(c.emu.org.count('Account')).toBe(before.a + 1);
        expect(c.emu.org.count('Contact')).toBe(before.c);
        expect(c.emu.org.get(victim['Id'] as string)?.['Name']).toBe('Untouched');
    });

    it('allOrNone=true makes a collection subrequest all-or-none too', async () => {
        const before = c.emu.org.count('Contact');
        const res = await c.sf('composite', {
            method: 'POST',
            json: {
                allOrNone: true,
                compositeRequest: [{ method: 'POST', url: `${base}/composite/sobjects`, referenceId: 'coll', body: { allOrNone: false, records: [{ attributes: { type: 'Contact' }, LastName: 'Ok' }, { attributes: { type: 'Contact' } }] } }]
            }
        });
        expect(res.status).toBe(200);
        const body = res.body.compositeResponse[0].body;
        expect(body[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
        expect(c.emu.org.count('Contact')).toBe(before);
    });

    it('counts the whole composite as one API call', async () => {
        c.emu.resetStats();
        const first = await c.sf('limits');
        const res = await c.sf('composite', {
            method: 'POST',
            json: { compositeRequest: Array.from({ length: 3 }, (_, i) => ({ method: 'GET', url: `${base}/sobjects/Account/describe`, referenceId: `d${i}` })) }
        });
        expect(res.status).toBe(200);
        expect(used(res.headers)).toBe(used(first.headers) + 1);
        const stats = c.emu.stats();
        expect(stats.byEndpoint['POST /composite']).toBe(1);
        expect(stats.calls).toBe(2);
    });

    it('rejects malformed requests as a whole with 400', async () => {
        const sub = (i: number, url = `${base}/sobjects/Account/describe`) => ({ method: 'GET', url, referenceId: `r${i}` });
        const tooMany = await c.sf('composite', { method: 'POST', json: { compositeRequest: Array.from({ length: 26 }, (_, i) => sub(i)) } });
        expect(tooMany.status).toBe(400);
        const q = `${base}/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`;
        const tooManyQueries = await c.sf('composite', { method: 'POST', json: { compositeRequest: Array.from({ length: 6 }, (_, i) => sub(i, q)) } });
        expect(tooManyQueries.status).toBe(400);
        const five = await c.sf('composite', { method: 'POST', json: { compositeRequest: Array.from({ length: 5 }, (_, i) => sub(i, q)) } });
        expect(five.status).toBe(200);
        const badRef = await c.sf('composite', { method: 'POST', json: { compositeRequest: [{ ...sub(0), referenceId: 'bad-ref' }] } });
        expect(badRef.status).toBe(400);
        const badUrl = await c.sf('composite', { method: 'POST', json: { compositeRequest: [sub(0, `${V}/sobjects/Account`)] } });
        expect(badUrl.status).toBe(400);
        const badMethod = await c.sf('composite', { method: 'POST', json: { compositeRequest: [{ ...sub(0), method: 'get' }] } });
        expect(badMethod.status).toBe(400);
        const unsupported = await c.sf('composite', { method: 'POST', json: { compositeRequest: [sub(0, `${base}/limits`)] } });
        expect(unsupported.status).toBe(400);
        const header = await c.sf('composite', { method: 'POST', json: { compositeRequest: [{ ...sub(0), httpHeaders: { Authorization: 'x' } }] } });
        expect(header.status).toBe(400);
        for (const r of [tooMany, tooManyQueries, badRef, badUrl, badMethod, unsupported, header]) expect(r.body[0]).toMatchObject({ errorCode: expect.any(String), message: expect.any(String) });
    });
});

describe('POST /composite/batch (§7.2)', () => {
    it('runs independent subrequests with relative urls and richInput; no rollback; hasErrors', async () => {
        const acc = c.emu.org.insert('Account', { Name: 'Batch Co' });
        const res = await c.sf('composite/batch', {
            method: 'POST',
            json: {
                haltOnError: false,
                batchRequests: [
                    { method: 'PATCH', url: `${V}/sobjects/account/${acc['Id']}`, richInput: { Name: 'Batch Renamed' } },
                    { method: 'GET', url: `${V}/sobjects/account/${acc['Id']}?fields=Name` },
                    { method: 'POST', url: `${V}/sobjects/Account`, richInput: { Bad__c: 1 } },
                    { method: 'GET', url: `${V}/limits` },
                    { method: 'GET', url: `${V}/search?q=${encodeURIComponent('FIND {Batch Renamed} RETURNING Account(Id, Name)')}` }
                ]
            }
        });
        expect(res.status).toBe(200);
        expect(res.body.hasErrors).toBe(true);
        const [patch, get, bad, limits, search] = res.body.results;
        expect(patch).toEqual({ statusCode: 204, result: null });
        expect(get.statusCode).toBe(200);
        expect(get.result).toMatchObject({ attributes: { type: 'Account' }, Name: 'Batch Renamed', Id: acc['Id'] });
        expect(bad.statusCode).toBe(400);
        expect(bad.result[0].errorCode).toBe('INVALID_FIELD');
        expect(limits.result.DailyApiRequests.Max).toEqual(expect.any(Number));
        expect(search.result.searchRecords.map((r: { Id: string }) => r.Id)).toContain(acc['Id']);
        expect(c.emu.org.get(acc['Id'] as string)?.['Name']).toBe('Batch Renamed');
    });

    it('haltOnError: later subrequests get 412 BATCH_PROCESSING_HALTED', async () => {
        const res = await c.sf('composite/batch', {
            method: 'POST',
            json: {
                haltOnError: true,
                batchRequests: [
                    { method: 'GET', url: `${V}/sobjects/Account/001000000000009AAA` },
                    { method: 'POST', url: `${V}/sobjects/Account`, richInput: { Name: 'After halt' } }
                ]
            }
        });
        expect(res.status).toBe(200);
        expect(res.body.hasErrors).toBe(true);
        expect(res.body.results[0].statusCode).toBe(404);
        expect(res.body.results[1].statusCode).toBe(412);
        expect(res.body.results[1].result[0].errorCode).toBe('BATCH_PROCESSING_HALTED');
        expect(c.emu.org.list('Account').some((r) => r['Name'] === 'After halt')).toBe(false);
    });

    it('each subrequest counts against the API allocation; bad urls fail the whole batch', async () => {
        const before = await c.sf('limits');
        const res = await c.sf('composite/batch', { method: 'POST', json: { batchRequests: Array.from({ length: 3 }, () => ({ method: 'GET', url: `${V}/limits` })) } });
        expect(res.body.hasErrors).toBe(false);
        expect(used(res.headers)).toBe(used(before.headers) + 3);
        const absolute = await c.sf('composite/batch', { method: 'POST', json: { batchRequests: [{ method: 'GET', url: `${base}/limits` }] } });
        expect(absolute.status).toBe(400);
        const tooMany = await c.sf('composite/batch', { method: 'POST', json: { batchRequests: Array.from({ length: 26 }, () => ({ method: 'GET', url: `${V}/limits` })) } });
        expect(tooMany.status).toBe(400);
    });
});

describe('POST /composite/graph (§7.3)', () => {
    const node = (referenceId: string, method: string, url: string, body?: unknown) => ({ referenceId, method, url: `${base}${url}`, ...(body !== undefined ? { body } : {}) });

    it('runs each graph atomically and independently', async () => {
        const before = c.emu.org.count('Account');
        const res = await c.sf('composite/graph', {
            method: 'POST',
            json: {
                graphs: [
                    { graphId: 'g1', compositeRequest: [node('acc', 'POST', '/sobjects/Account', { Name: 'Graph One' }), node('con', 'POST', '/sobjects/Contact', { LastName: 'G', AccountId: '@{acc.id}' })] },
                    { graphId: 'g2', compositeRequest: [node('acc', 'POST', '/sobjects/Account', { Name: 'Graph Two' }), node('con', 'POST', '/sobjects/Contact', { AccountId: '@{acc.id}' })] }
                ]
            }
        });
        expect(res.status).toBe(200);
        const [g1, g2] = res.body.graphs;
        expect(g1).toMatchObject({ graphId: 'g1', isSuccessful: true });
        expect(g1.graphResponse.compositeResponse[0]).toMatchObject({ httpStatusCode: 201, referenceId: 'acc', httpHeaders: { Location: expect.stringContaining('/sobjects/Account/') } });
        expect(g2.isSuccessful).toBe(false);
        expect(g2.graphResponse.compositeResponse[0]).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'PROCESSING_HALTED' }] });
        expect(g2.graphResponse.compositeResponse[1]).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] });
        expect(c.emu.org.count('Account')).toBe(before + 1);
        expect(c.emu.org.list('Account').some((r) => r['Name'] === 'Graph Two')).toBe(false);
    });

    it('fails a graph with a disallowed node, a cross-graph reference or too much depth', async () => {
        const chain = Array.from({ length: 16 }, (_, i) => (i === 0 ? node('n0', 'POST', '/sobjects/Account', { Name: 'Deep' }) : node(`n${i}`, 'PATCH', `/sobjects/Account/@{n${i - 1}.id}`, { Description: `${i}` })));
        const res = await c.sf('composite/graph', {
            method: 'POST',
            json: {
                graphs: [
                    { graphId: 'q', compositeRequest: [node('q1', 'GET', `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`)] },
                    { graphId: 'x', compositeRequest: [node('c1', 'POST', '/sobjects/Contact', { LastName: 'X', AccountId: '@{acc.id}' })] },
                    { graphId: 'deep', compositeRequest: chain },
                    { graphId: 'fine', compositeRequest: [node('a', 'POST', '/sobjects/Account', { Name: 'Fine graph' })] }
                ]
            }
        });
        expect(res.status).toBe(200);
        const [q, x, deep, fine] = res.body.graphs;
        expect(q.isSuccessful).toBe(false);
        expect(q.graphResponse.compositeResponse[0].body[0].message).toMatch(/not allowed in a composite graph/);
        expect(x.isSuccessful).toBe(false);
        expect(deep.isSuccessful).toBe(false);
        expect(fine.isSuccessful).toBe(true);
        expect(c.emu.org.list('Account').some((r) => r['Name'] === 'Deep')).toBe(false);
    });

    it('enforces the payload limits and counts one API call', async () => {
        const g = (i: number) => ({ graphId: `g${i}`, compositeRequest: [node('a', 'GET', '/sobjects/Account/001000000000009AAA')] });
        const tooManyGraphs = await c.sf('composite/graph', { method: 'POST', json: { graphs: Array.from({ length: 76 }, (_, i) => g(i)) } });
        expect(tooManyGraphs.status).toBe(400);
        const nodes = Array.from({ length: 501 }, (_, i) => node(`n${i}`, 'POST', '/sobjects/Account', { Name: `N${i}` }));
        const tooManyNodes = await c.sf('composite/graph', { method: 'POST', json: { graphs: [{ graphId: 'big', compositeRequest: nodes }] } });
        expect(tooManyNodes.status).toBe(400);
        const badId = await c.sf('composite/graph', { method: 'POST', json: { graphs: [{ graphId: 'has.dot', compositeRequest: [] }] } });
        expect(badId.status).toBe(400);
        const before = await c.sf('limits');
        const ok = await c.sf('composite/graph', { method: 'POST', json: { graphs: [g(1), g(2)] } });
        expect(used(ok.headers)).toBe(used(before.headers) + 1);
    });
});
