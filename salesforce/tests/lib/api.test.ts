import { describe, expect, it } from 'vitest';

import { API_VERSION, DATA_PATH, MAX_URI_BYTES, SAFE_RETRIES, encodedUriLength, guarded, paths, request } from '../../lib/http/api.js';
import { InputError } from '../../lib/http/errors.js';
import { actionErrorOf } from '../helpers.js';
import { fakeNango, httpError } from './fake-nango.js';

describe('request', () => {
    it('retries reads and idempotent writes, never a POST', async () => {
        const nango = fakeNango({ data: {} }, { data: {} }, { data: {} }, { data: {} }, { status: 201, data: {} });
        await request(nango, { method: 'GET', endpoint: paths.query(), context: 'x' });
        await request(nango, { method: 'PATCH', endpoint: paths.query(), context: 'x' });
        await request(nango, { method: 'DELETE', endpoint: paths.query(), context: 'x' });
        await request(nango, { method: 'POST', endpoint: paths.query(), context: 'x', idempotent: true });
        await request(nango, { method: 'POST', endpoint: paths.query(), context: 'x' });
        expect(nango.proxy.mock.calls.map((c) => c[0]['retries'])).toEqual([SAFE_RETRIES, SAFE_RETRIES, SAFE_RETRIES, SAFE_RETRIES, 0]);
    });

    it('maps an error thrown by the runtime (non-2xx) like a returned one', async () => {
        const thrown = fakeNango({ throws: httpError(404, [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]) });
        const returned = fakeNango({ status: 404, data: [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }] });
        const a = await actionErrorOf(request(thrown, { method: 'GET', endpoint: '/x', context: 'get Account 1' }));
        const b = await actionErrorOf(request(returned, { method: 'GET', endpoint: '/x', context: 'get Account 1' }));
        expect(a).toEqual(b);
        expect(a).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404, fields: [] });
        expect(a.message).toMatch(/^get Account 1 failed: ENTITY_IS_DELETED: entity is deleted/);
    });

    it('maps a failure without an answer to network_error', async () => {
        const nango = fakeNango({ throws: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
        const error = await actionErrorOf(request(nango, { method: 'GET', endpoint: '/x', context: 'query' }));
        expect(error).toMatchObject({ type: 'network_error', errorCode: 'NETWORK_ERROR', status: null });
        expect(error.message).toContain('ECONNRESET');
    });

    it('maps a local fault thrown while sending (RangeError, URIError) to internal_error, never network_error', async () => {
        for (const thrown of [new RangeError('Maximum call stack size exceeded'), new URIError('URI malformed')]) {
            const nango = fakeNango({ throws: thrown });
            const error = await actionErrorOf(request(nango, { method: 'GET', endpoint: '/x', context: 'query' }));
            expect(error).toMatchObject({ type: 'internal_error', errorCode: 'INTERNAL_ERROR', status: null });
            expect(error.message).toContain(thrown.name);
        }
    });

    it('refuses a URL over the 16,384-byte URI limit and an unpaired surrogate before sending', async () => {
        const nango = fakeNango({ data: {} });
        const long = await actionErrorOf(request(nango, { method: 'GET', endpoint: paths.query(), params: { q: '"'.repeat(6_000) }, context: 'query' }));
        expect(long).toMatchObject({ type: 'invalid_input', fields: ['q'] });
        expect(long.message).toContain(`${MAX_URI_BYTES}-byte URI limit`);
        const lone = await actionErrorOf(request(nango, { method: 'GET', endpoint: paths.query(), params: { q: "SELECT Id FROM Account WHERE Name = '\ud83d'" }, context: 'query' }));
        expect(lone).toMatchObject({ type: 'invalid_input', fields: ['q'] });
        expect(nango.proxy).not.toHaveBeenCalled();
    });

    it('counts the URI as sent: percent-encoded, the limit inclusive', async () => {
        expect(encodedUriLength('/a', { q: 'é "' })).toBe('/a?q=%C3%A9%20%22'.length);
        expect(encodedUriLength('/a')).toBe(2);
        const endpoint = paths.query();
        const fits = 'x'.repeat(MAX_URI_BYTES - endpoint.length - 3);
        expect(encodedUriLength(endpoint, { q: fits })).toBe(MAX_URI_BYTES);
        const nango = fakeNango({ data: {} }, { data: {} });
        await request(nango, { method: 'GET', endpoint, params: { q: fits }, context: 'query' });
        await expect(actionErrorOf(request(nango, { method: 'GET', endpoint, params: { q: `${fits}x` }, context: 'query' }))).resolves.toMatchObject({ type: 'invalid_input' });
        expect(nango.proxy).toHaveBeenCalledTimes(1);
    });

    it('guarded turns anything unexpected into internal_error and keeps typed errors as they are', async () => {
        const nango = fakeNango();
        const range = await actionErrorOf(guarded(nango, () => { throw new RangeError('Maximum call stack size exceeded'); }));
        expect(range).toMatchObject({ type: 'internal_error', errorCode: 'INTERNAL_ERROR', status: null, fields: [] });
        expect(range.message).toMatch(/retrying will not help/);
        const text = await actionErrorOf(guarded(nango, () => { throw 'a string\u202e'; }));
        expect(text).toMatchObject({ type: 'internal_error' });
        expect(text.message).not.toContain('\u202e');
        const input = await actionErrorOf(guarded(nango, () => { throw new InputError('bad', 'x'); }));
        expect(input).toMatchObject({ type: 'invalid_input', fields: ['x'] });
    });

    it('lets the caller accept statuses such as 300', async () => {
        const nango = fakeNango({ status: 300, data: ['/a'] });
        const response = await request(nango, { method: 'GET', endpoint: '/x', context: 'x', accept: [300] });
        expect(response).toMatchObject({ status: 300, data: ['/a'] });
    });

    it('lower-cases response headers', async () => {
        const nango = fakeNango({ data: {}, headers: { 'Sforce-Limit-Info': 'api-usage=5/100' } });
        const response = await request(nango, { method: 'GET', endpoint: '/x', context: 'x' });
        expect(response.headers['sforce-limit-info']).toBe('api-usage=5/100');
    });
});

describe('paths', () => {
    it('uses one API version everywhere', () => {
        expect(API_VERSION).toMatch(/^v\d{2}\.0$/);
        expect(paths.record('Account', '001D000000IqhSLIAZ')).toBe(`${DATA_PATH}/sobjects/Account/001D000000IqhSLIAZ`);
        expect(paths.describe('Invoice__c')).toBe(`${DATA_PATH}/sobjects/Invoice__c/describe`);
        expect(paths.describeGlobal()).toBe(`${DATA_PATH}/sobjects/`);
    });

    it('encodes external-id values as one segment and refuses dot segments', () => {
        expect(paths.byExternalId('Contact', 'Email', 'a+b@x.com')).toBe(`${DATA_PATH}/sobjects/Contact/Email/a%2Bb%40x.com`);
        expect(() => paths.byExternalId('Invoice__c', 'Ext__c', '../limits')).toThrow(InputError);
        expect(() => paths.byExternalId('Invoice__c', 'Ext__c', 'a\\b')).toThrow(/query-records/);
        expect(() => paths.byExternalId('Invoice__c', 'Ext__c', '..')).toThrow(InputError);
        expect(() => paths.byExternalId('Invoice__c', 'Ext__c', '.')).toThrow(InputError);
        expect(() => paths.byExternalId('Invoice__c', 'Ext/../c', 'x')).toThrow(InputError);
    });
});
