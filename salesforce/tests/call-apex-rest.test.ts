import { describe, expect, it } from 'vitest';

import action from '../actions/call-apex-rest.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const answer = (status: number, data: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ status, data, headers }) as never;

describe('salesforce call-apex-rest', () => {
    it('GETs the service with its query parameters and returns status and parsed body', async () => {
        const nango = actionMock('call-apex-rest');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toEqual({ method: 'GET', endpoint: '/services/apexrest/InvoiceService/v1/INV-1001', params: { status: 'open' }, retries: 3, responseType: 'text' });
    });

    it('sends a write once, with a JSON body, and returns the org code\'s own 400 answer as output', async () => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockRejectedValueOnce({ response: { status: 400, data: '{"error":"INVALID_INVOICE","message":"invoiceNumber is required"}', headers: { 'content-type': 'application/json' } } } as never);
        const output = await run(action, nango, { method: 'POST', path: '/invoices', body: { amount: 1 } });
        expect(output).toMatchObject({ status: 400, ok: false, body: { error: 'INVALID_INVOICE' }, truncated: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/apexrest/invoices', retries: 0, data: '{"amount":1}', headers: { 'Content-Type': 'application/json' } });
    });

    it.each([
        ['a string with a quote', "O'Brien", '"O\'Brien"'],
        ['a string with a double quote and a line break', 'say "hi"\nbye', '"say \\"hi\\"\\nbye"'],
        ['a string that looks like JSON', '{"a":1}', '"{\\"a\\":1}"'],
        ['a number', 42, '42'],
        ['false', false, 'false'],
        ['null', null, 'null'],
        ['an array', [1, 'x'], '[1,"x"]']
    ])('sends %s as its JSON text', async (_label, body, sent) => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockResolvedValueOnce(answer(200, '{}'));
        await run(action, nango, { method: 'PUT', path: 'echo', body });
        const request = requests(nango)[0];
        expect(request?.['data']).toBe(sent);
        expect(JSON.parse(String(request?.['data']))).toEqual(body);
        expect(request?.['headers']).toEqual({ 'Content-Type': 'application/json' });
    });

    it.each(['PATCH', 'PUT', 'DELETE'])('never retries %s', async (method) => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockResolvedValueOnce(answer(204, ''));
        expect(await run(action, nango, { method, path: 'echo' })).toMatchObject({ status: 204, body: null, bodyBytes: 0 });
        expect(requests(nango)[0]?.['retries']).toBe(0);
    });

    it('maps a path no Apex class maps to not_found with advice', async () => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockRejectedValueOnce({ response: { status: 404, data: '[{"errorCode":"NOT_FOUND","message":"Could not find a match for URL /Echo"}]', headers: {} } } as never);
        const error = await actionErrorOf(run(action, nango, { method: 'GET', path: 'Echo' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        expect(error.message).toContain('urlMapping');
    });

    it("keeps the class's own 404 body (not the platform's) as output", async () => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockRejectedValueOnce({ response: { status: 404, data: '{"status":"Error","message":"This account could not be found"}', headers: { 'content-type': 'application/json' } } } as never);
        expect(await run(action, nango, { method: 'GET', path: 'v2/accounts/42' })).toMatchObject({ status: 404, ok: false, body: { status: 'Error' } });
    });

    it('maps METHOD_NOT_ALLOWED and an expired session to typed errors', async () => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockRejectedValueOnce({ response: { status: 405, data: [{ errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'DELETE' not allowed. Allowed are POST" }], headers: {} } } as never);
        expect(await actionErrorOf(run(action, nango, { method: 'DELETE', path: 'invoices' }))).toMatchObject({ errorCode: 'METHOD_NOT_ALLOWED', status: 405 });
        nango.proxy.mockRejectedValueOnce({ response: { status: 401, data: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }], headers: {} } } as never);
        expect(await actionErrorOf(run(action, nango, { method: 'GET', path: 'echo' }))).toMatchObject({ type: 'unauthorized' });
    });

    it('returns a text body as text, and cuts a body over 2 MB with truncated true', async () => {
        const nango = actionMock('call-apex-rest');
        nango.proxy.mockResolvedValueOnce(answer(200, 'hello', { 'content-type': 'text/plain' }));
        expect(await run(action, nango, { method: 'GET', path: 'text' })).toMatchObject({ body: 'hello', contentType: 'text/plain' });
        const big = JSON.stringify({ rows: Array.from({ length: 3000 }, () => 'é'.repeat(1000)) });
        nango.proxy.mockResolvedValueOnce(answer(200, big));
        const output = await run(action, nango, { method: 'GET', path: 'big' });
        expect(output.truncated).toBe(true);
        expect(output.bodyBytes).toBe(Buffer.byteLength(big));
        expect(big.startsWith(output.body)).toBe(true);
        expect(Buffer.byteLength(JSON.stringify(output))).toBeLessThan(2 * 1024 * 1024);
    });

    it.each([
        ['traversal', { method: 'GET', path: '../data/v66.0/limits' }, 'path'],
        ['an encoded slash', { method: 'GET', path: 'echo%2F..' }, 'path'],
        ['a query in the path', { method: 'GET', path: 'echo?x=1' }, 'path'],
        ['an absolute URL', { method: 'GET', path: 'https://evil.example/x' }, 'path'],
        ['a body with GET', { method: 'GET', path: 'echo', body: {} }, 'body'],
        ['a lower-case method', { method: 'post', path: 'echo' }, 'method'],
        ['a number query value', { method: 'GET', path: 'echo', queryParameters: { n: 1 } }, 'queryParameters.n'],
        ['no path', { method: 'GET' }, 'path']
    ])('refuses %s before any request', async (_label, input, field) => {
        const nango = actionMock('call-apex-rest');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', status: null });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
