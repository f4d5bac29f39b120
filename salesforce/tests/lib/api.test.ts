import { describe, expect, it } from 'vitest';

import { API_VERSION, DATA_PATH, SAFE_RETRIES, paths, request } from '../../lib/http/api.js';
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
