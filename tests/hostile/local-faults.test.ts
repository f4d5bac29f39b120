/**
 * Inputs that used to make an action fail inside this package rather than at Salesforce: an unpaired surrogate
 * (URIError: URI malformed from encodeURIComponent), nesting thousands deep (RangeError, once reported as
 * network_error) and text that makes the URL longer than Salesforce's 16,384-byte URI limit (HTTP 431 / 414).
 * Each must be refused as a typed invalid_input before any request is sent.
 */
import { describe, expect, it } from 'vitest';

import { IDS, actionNames, loadAction, runAction, expectRefused } from './harness.js';

const DOCUMENTED_TYPES = [
    'invalid_input',
    'not_found',
    'entity_deleted',
    'multiple_matches',
    'unauthorized',
    'forbidden',
    'request_limit_exceeded',
    'salesforce_error',
    'server_error',
    'network_error',
    'internal_error'
];

function nested(depth: number): unknown {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
}

function nestedArray(depth: number): unknown {
    let value: unknown = [];
    for (let i = 0; i < depth; i++) value = [value];
    return value;
}


const LONE_HIGH = 'Acme\ud800';
const LONE_LOW = '\udc00Acme';

describe('hostile: unpaired surrogates', () => {
    const cases: Array<[action: string, input: Record<string, unknown>, field: string]> = [
        ['get-record-by-external-id', { sObject: 'Account', externalIdField: 'Ext__c', externalId: LONE_HIGH }, 'externalId'],
        ['get-record-by-external-id', { sObject: 'Account', externalIdField: 'Ext__c', externalId: LONE_LOW }, 'externalId'],
        ['update-record-by-external-id', { sObject: 'Account', externalIdField: 'Ext__c', externalId: LONE_HIGH, record: { Name: 'x' } }, 'externalId'],
        ['upsert-record', { sObject: 'Account', externalIdField: 'Ext__c', externalId: LONE_LOW, record: { Name: 'x' } }, 'externalId'],
        ['query-records', { query: `SELECT Id FROM Account WHERE Name = '${LONE_HIGH}'` }, 'query'],
        ['search-records', { searchTerm: LONE_HIGH, objects: [{ sObject: 'Account' }] }, 'searchTerm'],
        ['search-records', { sosl: `FIND {${LONE_LOW}} RETURNING Account(Id)` }, 'sosl'],
        ['search-accounts', { text: LONE_HIGH }, 'text'],
        ['search-contacts', { text: LONE_LOW }, 'text'],
        ['create-record', { sObject: 'Account', record: { Name: LONE_HIGH } }, 'record.Name'],
        ['create-record', { sObject: 'Account', record: { [`Name${'\udc00'}`]: 'x' } }, 'record.Name\\udc00']
    ];
    for (const [name, input, field] of cases) {
        it(`${name}: ${field} with an unpaired surrogate is invalid_input before any request`, async () => {
            const result = await runAction(await loadAction(name), input);
            expectRefused(result, field);
            expect(result.payload?.message).toMatch(/unpaired UTF-16 surrogate/);
            // the echo is escaped, never a raw surrogate
            expect(/[\ud800-\udfff]/.test(String(result.payload?.message))).toBe(false);
        });
    }
});

describe('hostile: deep nesting, every action', () => {
    const names = actionNames();
    it('finds the actions', () => expect(names.length).toBeGreaterThan(40));
    for (const name of names) {
        it(`${name}: a value nested 10,000 deep is invalid_input naming the path, before any request`, async () => {
            const action = await loadAction(name);
            for (const deep of [nested(10_000), nestedArray(10_000)]) {
                const result = await runAction(action, { deep, record: deep, sObject: 'Account' });
                expectRefused(result);
                expect(result.payload?.message).toMatch(/nests deeper than 32 levels/);
                const fields = (result.payload?.['fields'] as string[] | undefined) ?? [];
                expect(fields[0]).toMatch(/^(deep|record)\.(a|0)\./);
            }
        });
    }
    it('create-record: a record nested 40 deep names record.Name.a…', async () => {
        const result = await runAction(await loadAction('create-record'), { sObject: 'Account', record: { Name: nested(40) } });
        expectRefused(result, /^record\.Name(\.a){30}$/);
    });
    it('create-record: nesting within the limit passes the depth check (Salesforce judges the value)', async () => {
        const result = await runAction(await loadAction('create-record'), { sObject: 'Account', record: { Name: nested(20) } });
        expect(result.error).toBeUndefined();
        expect(result.sent).toHaveLength(1);
    });
});

describe("hostile: URLs beyond Salesforce's 16,384-byte URI limit", () => {
    it('search-records: a 3,999-character term of reserved characters is refused, the limit named', async () => {
        const result = await runAction(await loadAction('search-records'), { searchTerm: '"'.repeat(3_999), objects: [{ sObject: 'Account' }] });
        expectRefused(result);
        expect(result.payload?.message).toMatch(/16384-byte URI limit/);
    });
    it('search-records: a 4,000-character plain term still fits and is sent', async () => {
        const result = await runAction(await loadAction('search-records'), { searchTerm: 'x'.repeat(4_000), objects: [{ sObject: 'Account' }] });
        expect(result.error).toBeUndefined();
        expect(result.sent).toHaveLength(1);
    });
    it('search-records: a raw SOSL statement over the limit is refused', async () => {
        const result = await runAction(await loadAction('search-records'), { sosl: `FIND {${'é'.repeat(3_000)}} RETURNING Account(Id)` });
        expectRefused(result);
        expect(result.payload?.message).toMatch(/URI limit/);
    });
    it('query-records and query-all-records: a 20,000-character SOQL statement is refused', async () => {
        const query = `SELECT Id FROM Account WHERE Name = '${'x'.repeat(20_000)}'`;
        for (const name of ['query-records', 'query-all-records']) {
            const result = await runAction(await loadAction(name), { query });
            expectRefused(result);
            expect(result.payload?.message).toMatch(/16384-byte URI limit/);
        }
    });
    it('get-record: many long field names stay within the limit or are refused, never sent too long', async () => {
        const fields = Array.from({ length: 200 }, (_, i) => `F${String(i).padStart(3, '0')}${'x'.repeat(70)}__c`);
        const result = await runAction(await loadAction('get-record'), { sObject: 'Account', recordId: IDS.account, fields });
        for (const req of result.sent) {
            const query = Object.entries(req.params ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
            expect(req.endpoint.length + query.length + 1).toBeLessThanOrEqual(16_384);
        }
        if (result.error) expect(DOCUMENTED_TYPES).toContain(result.payload?.type);
    });
});
