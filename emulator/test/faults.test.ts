import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { q, start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ connectionId: 'conn-f' });
});
afterAll(async () => {
    await c.emu.stop();
});
afterEach(() => {
    c.emu.faults.clear();
});

const proxyHeaders = { 'Connection-Id': 'conn-f', 'Provider-Config-Key': 'salesforce' };
const used = (h: Headers): number => Number(/api-usage=(\d+)\//.exec(h.get('sforce-limit-info') ?? '')?.[1]);

describe('fault injection', () => {
    it('fails the next N matching calls with 503, then serves normally; fired() says what fired and when', async () => {
        c.emu.faults.inject({ match: { method: 'GET', path: `/services/data/${V}/query` }, times: 2, fault: { kind: 'status', status: 503 } });
        const soql = q('SELECT Id FROM Account LIMIT 1');
        const a = await c.sf(soql);
        const b = await c.sf(soql);
        const ok = await c.sf(soql);
        expect([a.status, b.status, ok.status]).toEqual([503, 503, 200]);
        expect(a.body[0].errorCode).toBe('SERVER_UNAVAILABLE');
        const fired = c.emu.faults.fired();
        expect(fired).toHaveLength(2);
        expect(fired[0]).toMatchObject({ kind: 'status', status: 503, method: 'GET', firing: 1 });
        expect(fired[0]?.path).toContain('/query?q=');
        expect(Date.parse(fired[0]?.at ?? '')).toBeGreaterThan(0);
    });

    it('nth: starts failing at the nth matching call; other paths and methods are untouched', async () => {
        const h = c.emu.faults.inject({ match: { path: '/sobjects/Account', nth: 2 }, times: 1, fault: { kind: 'status', status: 500 } });
        expect((await c.sf('limits')).status).toBe(200);
        expect((await c.sf('sobjects/Account/describe')).status).toBe(200); // 1st matching call
        const second = await c.sf('sobjects/Account/describe');
        expect(second.status).toBe(500);
        expect(second.body[0].errorCode).toBe('UNKNOWN_EXCEPTION');
        expect((await c.sf('sobjects/Account/describe')).status).toBe(200);
        expect(h.count()).toBe(1);
        expect(h.exhausted()).toBe(true);
    });

    it('a faulted create creates nothing and is not counted against the API budget', async () => {
        const before = c.emu.org.count('Account');
        const usage = c.emu.stats().apiUsage;
        c.emu.faults.inject({ match: { method: 'POST', path: '/sobjects/Account' }, times: 1, fault: { kind: 'status', status: 500 } });
        const res = await c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Faulted' } });
        expect(res.status).toBe(500);
        expect(c.emu.org.count('Account')).toBe(before);
        expect(c.emu.stats().apiUsage).toBe(usage);
    });

    it('error faults carry realistic bodies and statuses (§10) and Sforce-Limit-Info', async () => {
        const cases: Array<[string, number, string]> = [
            ['INVALID_SESSION_ID', 401, 'Session expired or invalid'],
            ['QUERY_TIMEOUT', 400, 'Your query request was running for too long.'],
            ['INVALID_QUERY_LOCATOR', 400, 'invalid query locator'],
            ['REQUEST_LIMIT_EXCEEDED', 403, 'TotalRequests Limit exceeded.']
        ];
        for (const [errorCode, status, message] of cases) {
            c.emu.faults.inject({ match: { path: '/query' }, times: 1, fault: { kind: 'error', errorCode } });
            const res = await c.sf(q('SELECT Id FROM Account'));
            expect(res.status).toBe(status);
            expect(res.body).toEqual([{ message, errorCode }]);
            expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
        }
        c.emu.faults.inject({ match: { path: '/query' }, fault: { kind: 'error', status: 400, errorCode: 'QUERY_TIMEOUT', message: 'custom' } });
        expect((await c.sf(q('SELECT Id FROM Account'))).body).toEqual([{ message: 'custom', errorCode: 'QUERY_TIMEOUT' }]);
    });

    it('fails queryMore with INVALID_QUERY_LOCATOR via a RegExp on the locator path', async () => {
        const first = await c.sf(q('SELECT Id FROM Contact'), { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
        c.emu.faults.inject({ match: { path: /\/query\/[0-9A-Za-z]+-\d+$/ }, fault: { kind: 'error', status: 400, errorCode: 'INVALID_QUERY_LOCATOR' } });
        // 25 contacts fit in one page here; use a direct locator-shaped URL to trigger the rule.
        const more = await c.sf(first.body.nextRecordsUrl ?? `/services/data/${V}/query/0r8000000000000AAA-200`);
        expect(more.status).toBe(400);
        expect(more.body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    });

    it('delay: the call is answered after the delay', async () => {
        c.emu.faults.inject({ match: { path: '/limits' }, fault: { kind: 'delay', ms: 150 } });
        const t = Date.now();
        const res = await c.sf('limits');
        expect(res.status).toBe(200);
        expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    });

    it('drop: the connection closes without an answer and nothing is executed', async () => {
        const before = c.emu.org.count('Account');
        c.emu.faults.inject({ match: { method: 'POST', path: '/sobjects/Account' }, fault: { kind: 'drop' } });
        await expect(c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Dropped' } })).rejects.toThrow();
        expect(c.emu.org.count('Account')).toBe(before);
        expect(c.emu.faults.fired()[0]).toMatchObject({ kind: 'drop', status: 0 });
    });

    it('drop-after: the create happens, but the client sees a dropped connection', async () => {
        const before = c.emu.org.count('Account');
        c.emu.faults.inject({ match: { method: 'POST', path: '/sobjects/Account' }, fault: { kind: 'drop-after' } });
        await expect(c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Created then dropped' } })).rejects.toThrow();
        expect(c.emu.org.count('Account')).toBe(before + 1);
    });

    it('through the Nango proxy: a 503 for 2 calls with Retries: 3 succeeds on the 3rd attempt (3 Salesforce calls)', async () => {
        c.emu.resetStats();
        c.emu.faults.inject({ match: { method: 'GET', path: '/query' }, times: 2, fault: { kind: 'status', status: 503 } });
        const res = await c.nango(`/proxy/services/data/${V}/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 2')}`, { headers: { ...proxyHeaders, Retries: '3' } });
        expect(res.status).toBe(200);
        expect(res.body.records).toHaveLength(2);
        const st = c.emu.stats();
        expect(st.calls).toBe(3);
        expect(st.byEndpoint['GET /query']).toBe(3);
        expect(st.proxyRetries).toBe(2);
        expect(st.faultsFired).toBe(2);
        expect(st.log.filter((l) => l.kind === 'salesforce').map((l) => l.status)).toEqual([503, 503, 200]);
    });

    it('through the proxy without enough retries the 503 reaches the caller; a drop becomes a network error the proxy retries', async () => {
        c.emu.faults.inject({ match: { path: '/limits' }, times: 2, fault: { kind: 'status', status: 503 } });
        const res = await c.nango(`/proxy/services/data/${V}/limits`, { headers: { ...proxyHeaders, Retries: '1' } });
        expect(res.status).toBe(503);
        c.emu.faults.clear();
        c.emu.faults.inject({ match: { path: '/limits' }, times: 1, fault: { kind: 'drop' } });
        const retried = await c.nango(`/proxy/services/data/${V}/limits`, { headers: { ...proxyHeaders, Retries: '2' } });
        expect(retried.status).toBe(200);
    });

    it('INVALID_SESSION_ID through the proxy is not retried (4xx)', async () => {
        c.emu.resetStats();
        c.emu.faults.inject({ match: { path: '/query' }, times: 1, fault: { kind: 'error', errorCode: 'INVALID_SESSION_ID' } });
        const res = await c.nango(`/proxy/services/data/${V}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, { headers: { ...proxyHeaders, Retries: '3' } });
        expect(res.status).toBe(401);
        expect(res.body[0].errorCode).toBe('INVALID_SESSION_ID');
        expect(c.emu.stats().calls).toBe(1);
        expect(used(res.headers)).toBeGreaterThan(0);
    });

    it('control paths: POST/GET/DELETE /__emulator/faults', async () => {
        const post = await fetch(`${c.emu.url}/__emulator/faults`, {
            method: 'POST',
            body: JSON.stringify({ match: { method: 'GET', pathRegex: '/limits$' }, times: 1, fault: { kind: 'error', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED' } })
        });
        expect(post.status).toBe(200);
        const { id } = (await post.json()) as { id: string };
        const listed = (await (await fetch(`${c.emu.url}/__emulator/faults`)).json()) as { rules: Array<{ id: string }> };
        expect(listed.rules.map((r) => r.id)).toContain(id);
        expect((await c.sf('limits')).status).toBe(403);
        const after = (await (await fetch(`${c.emu.url}/__emulator/faults`)).json()) as { fired: unknown[] };
        expect(after.fired).toHaveLength(1);
        expect((await fetch(`${c.emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ match: {}, fault: { kind: 'nope' } }) })).status).toBe(400);
        await fetch(`${c.emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ match: { path: '/limits' }, times: 5, fault: { kind: 'status', status: 500 } }) });
        expect((await fetch(`${c.emu.url}/__emulator/faults`, { method: 'DELETE' })).status).toBe(200);
        expect((await c.sf('limits')).status).toBe(200);
        expect(c.emu.faults.rules()).toHaveLength(0);
    });
});
