/**
 * Hostile inputs of list-updated-records, list-deleted-records and run-tooling-query: sObject names that would leave
 * the replication path, windows Salesforce refuses (reversed, inside one minute, too old, unparseable, without a
 * zone), DML and locking clauses dressed as Tooling SOQL, and locators of other resources or hosts. Each is refused as
 * invalid_input before any request; what does reach Salesforce goes to exactly the expected path.
 */
import { describe, expect, it } from 'vitest';

import { API, loadAction, runAction, expectRefused } from './harness.js';


const minute = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
const NOW = Date.now();
const START = minute(NOW - 3_600_000);
const END = minute(NOW);

describe.each(['list-updated-records', 'list-deleted-records'])('hostile: %s', (name) => {
    it.each([
        ['a path traversal', '../query'],
        ['a slash', 'Account/updated'],
        ['a query string', 'Account?start=x'],
        ['an encoded slash', 'Account%2Fdeleted'],
        ['a fragment', 'Account#x'],
        ['a space', 'Account '],
        ['a host', 'evil.example.com'],
        ['an empty name', ''],
        ['a name over 255 characters', `A${'a'.repeat(300)}`]
    ])('refuses an sObject with %s before any request', async (_label, sObject) => {
        expectRefused(await runAction(await loadAction(name), { sObject, start: START, end: END }), 'sObject');
    });

    it.each([
        ['end before start', { start: END, end: START }, 'start'],
        ['a window inside one minute', { start: '2026-11-20T10:00:05Z', end: '2026-11-20T10:00:55Z' }, 'start'],
        ['equal times', { start: START, end: START }, 'start'],
        ['a start 40 days ago', { start: minute(NOW - 40 * 86_400_000), end: END }, 'start'],
        ['no zone', { start: '2026-11-20T10:00:00', end: END }, 'start'],
        ['a date only', { start: '2026-11-20', end: END }, 'start'],
        // in the future, so that only the date itself can be what is refused (an old one is also more than 30 days back)
        ['an impossible date', { start: START, end: '2099-02-30T10:00:00Z' }, 'end'],
        ['hour 24', { start: START, end: '2099-01-01T24:00:00Z' }, 'end'],
        ['a query smuggled into end', { start: START, end: `${END}&end=2099-01-01T00:00:00Z` }, 'end'],
        ['a number', { start: 1_700_000_000_000, end: END }, 'start'],
        ['a negative offset', { start: START, end: END, offset: -1 }, 'offset'],
        ['a fractional offset', { start: START, end: END, offset: 1.5 }, 'offset']
    ])('refuses %s before any request', async (_label, window, field) => {
        expectRefused(await runAction(await loadAction(name), { sObject: 'Account', ...window }), field);
    });

    it('sends one GET to the replication path with both times cut to the minute, in UTC', async () => {
        const base = Math.floor((NOW - 3_600_000) / 60_000) * 60_000;
        // 42.123 seconds past the minute, written with a +02:00 offset
        const local = new Date(base + 2 * 3_600_000 + 42_123).toISOString().replace('Z', '+02:00');
        const result = await runAction(await loadAction(name), { sObject: 'Invoice__c', start: local, end: minute(NOW + 120_000) }, (req) =>
            req.endpoint.endsWith('/updated/') ? { status: 200, data: { ids: [], latestDateCovered: END } } : { status: 200, data: { deletedRecords: [], earliestDateAvailable: START, latestDateCovered: END } }
        );
        expect(result.error).toBeUndefined();
        expect(result.sent).toHaveLength(1);
        expect(result.sent[0]).toMatchObject({ method: 'GET', endpoint: `${API}/sobjects/Invoice__c/${name === 'list-updated-records' ? 'updated' : 'deleted'}/` });
        expect(result.sent[0]?.params?.['start']).toBe(`${new Date(base).toISOString().slice(0, 16)}:00+00:00`);
    });
});

describe('hostile: run-tooling-query', () => {
    it.each([
        ['DELETE', "DELETE FROM ApexClass WHERE Name = 'Nango'"],
        ['INSERT', "INSERT INTO ApexClass (Name) VALUES ('x')"],
        ['UPDATE', "UPDATE ApexClass SET Status = 'Deleted'"],
        ['UPSERT', 'UPSERT ApexClass'],
        ['MERGE', 'MERGE Account'],
        ['a lower-case delete', 'delete from apexclass'],
        ['leading comment-like text', '/* x */ SELECT Id FROM ApexClass'],
        ['a second statement', 'SELECT Id FROM ApexClass; DELETE FROM ApexClass'],
        ['a trailing semicolon', 'SELECT Id FROM ApexClass;'],
        ['FOR UPDATE', 'SELECT Id FROM ApexClass FOR UPDATE'],
        ['FOR VIEW', 'SELECT Id FROM ApexClass FOR VIEW'],
        ['FOR REFERENCE', 'SELECT Id FROM ApexClass FOR  REFERENCE'],
        ['a string that never ends, hiding DML', "SELECT Id FROM ApexClass WHERE Name = 'x'; DELETE FROM ApexClass WHERE Name = '"],
        ['SOSL', 'FIND {Acme} RETURNING Account'],
        ['an empty query', ''],
        ['only spaces', '   ']
    ])('refuses %s before any request', async (_label, query) => {
        expectRefused(await runAction(await loadAction('run-tooling-query'), { query }));
    });

    it.each([
        ['a REST query locator', `${API}/query/01gRO0000016PIAYA2-2000`],
        ['another host', `https://evil.example.com${API}/tooling/query/01gRO0000016PIAYA2-2000`],
        ['a traversal', `${API}/tooling/query/../sobjects/ApexClass`],
        ['an encoded traversal', `${API}/tooling/query/%2e%2e%2fsobjects`],
        ['a query string', `${API}/tooling/query/01gRO0000016PIAYA2-2000?q=DELETE`],
        ['a tooling sobject path', `${API}/tooling/sobjects/ApexClass/01pRO0000000001AAA`],
        ['a protocol-relative URL', `//evil.example.com${API}/tooling/query/01gRO0000016PIAYA2-2000`]
    ])('refuses a nextRecordsUrl that is %s before any request', async (_label, nextRecordsUrl) => {
        expectRefused(await runAction(await loadAction('run-tooling-query'), { nextRecordsUrl }), 'nextRecordsUrl');
    });

    it('refuses both query and nextRecordsUrl, and neither', async () => {
        const action = await loadAction('run-tooling-query');
        expectRefused(await runAction(action, { query: 'SELECT Id FROM ApexClass', nextRecordsUrl: `${API}/tooling/query/01gRO0000016PIAYA2-2000` }));
        expectRefused(await runAction(action, {}));
    });

    it('a DML word inside a string literal is still a read, sent once to /tooling/query', async () => {
        const query = "SELECT Id FROM ApexClass WHERE Name = 'it''s; DELETE FOR UPDATE'";
        const result = await runAction(await loadAction('run-tooling-query'), { query: "SELECT Id FROM ApexClass WHERE Name = 'DELETE; FOR UPDATE'" }, () => ({ status: 200, data: { totalSize: 0, done: true, records: [] } }));
        expect(result.error).toBeUndefined();
        expect(result.sent).toHaveLength(1);
        expect(result.sent[0]).toMatchObject({ method: 'GET', endpoint: `${API}/tooling/query` });
        expect(query).toContain('DELETE');
    });
});
