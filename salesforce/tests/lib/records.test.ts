import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/errors.js';
import { assertRecordBody } from '../../lib/records.js';

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
