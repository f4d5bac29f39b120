import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { assertRecordId, isRecordId, sameId, toId18 } from '../../lib/input/ids.js';

describe('record ids', () => {
    it('converts the documented example 001D000000IqhSL to 001D000000IqhSLIAZ', () => {
        expect(toId18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    });

    it.each([
        ['a0D30000001n7Pi', 'a0D30000001n7PiEAI'],
        ['0019000000B98de', '0019000000B98deAAB'],
        ['000000000000000', '000000000000000AAA'],
        ['ZZZZZZZZZZZZZZZ', 'ZZZZZZZZZZZZZZZ555']
    ])('computes the checksum of %s', (id15, id18) => {
        expect(toId18(id15)).toBe(id18);
    });

    it('keeps an 18-character id, normalising the checksum case', () => {
        expect(toId18('001D000000IqhSLiaz')).toBe('001D000000IqhSLIAZ');
    });

    it('accepts 15 and 18 characters, rejects the rest', () => {
        expect(isRecordId('001D000000IqhSL')).toBe(true);
        expect(isRecordId('001D000000IqhSLIAZ')).toBe(true);
        expect(isRecordId('001D000000IqhSLIA')).toBe(false);
        expect(isRecordId('001D000000IqhSLIAZ1')).toBe(false);
        expect(isRecordId('001D000000IqhS-')).toBe(false);
        expect(isRecordId(42)).toBe(false);
    });

    it('rejects an 18-character id whose checksum does not match', () => {
        expect(isRecordId('001D000000IqhSLAAA')).toBe(false);
        expect(() => assertRecordId('001D000000IqhSLAAA')).toThrow(/checksum/);
    });

    it('treats 15 and 18 forms as the same id but not different case in the first 15', () => {
        expect(sameId('001D000000IqhSL', '001D000000IqhSLIAZ')).toBe(true);
        expect(sameId('001D000000IqhSl', '001D000000IqhSLIAZ')).toBe(false);
    });

    it('checks the key prefix of standard objects, case-insensitively by object name', () => {
        expect(assertRecordId('001D000000IqhSLIAZ', 'recordId', 'Account')).toBe('001D000000IqhSLIAZ');
        expect(() => assertRecordId('001D000000IqhSLIAZ', 'recordId', 'contact')).toThrow(/^recordId: "001D000000IqhSLIAZ" is not an id of contact \(contact ids start with 003\)$/);
        expect(assertRecordId('001D000000IqhSLIAZ', 'recordId', 'Invoice__c')).toBe('001D000000IqhSLIAZ');
    });

    it.each(['../limits', '001D000000IqhSL/', '001D000000IqhSL\n', '%2e%2e%2f', '', ' 001D000000IqhSL'])('rejects %j with an InputError', (value) => {
        expect(() => assertRecordId(value)).toThrow(InputError);
    });
});
