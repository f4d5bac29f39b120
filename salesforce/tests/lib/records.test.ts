import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { assertRecordBody } from '../../lib/writes/records.js';

describe('assertRecordBody', () => {
    it('passes field values through and drops attributes', () => {
        expect(assertRecordBody({ attributes: { type: 'Account' }, Name: 'Acme', Custom__c: null, Parent__r: { Ext__c: 'A-1' } })).toEqual({
            Name: 'Acme',
            Custom__c: null,
            Parent__r: { Ext__c: 'A-1' }
        });
    });

    it('refuses Id in any case, named forbidden fields, bad keys and empty updates', () => {
        expect(() => assertRecordBody({ ID: 'x' })).toThrow(/recordId/);
        expect(() => assertRecordBody({ ext__c: 'x' }, { forbidden: { Ext__c: 'no' } })).toThrow(InputError);
        expect(() => assertRecordBody({ 'Name, Phone': 'x' })).toThrow(InputError);
        expect(() => assertRecordBody({}, { nonEmpty: true })).toThrow(/at least one field/);
        expect(() => assertRecordBody(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`F${i}__c`, i])))).toThrow(/at most 1000/);
    });
});

describe('typed reads of record values', () => {
    it('normalises every dateTime form to ISO 8601 UTC with milliseconds', async () => {
        const { dateTime } = await import('../../lib/metadata/values.js');
        const record = { A: '2024-01-31T10:00:00.000+0000', B: '2024-01-31T12:00:00.000+0200', C: '2024-01-31T10:00:00Z', D: '', E: 'not a date' };
        expect(dateTime(record['A'])).toBe('2024-01-31T10:00:00.000Z');
        expect(dateTime(record['B'])).toBe('2024-01-31T10:00:00.000Z');
        expect(dateTime(record['C'])).toBe('2024-01-31T10:00:00.000Z');
        expect(dateTime(record['D'])).toBeNull();
        expect(dateTime(record['E'])).toBeNull();
        expect(dateTime((record as Record<string, unknown>)['Missing'])).toBeNull();
    });
});
