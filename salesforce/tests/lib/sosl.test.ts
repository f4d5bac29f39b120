import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { buildWhere, filterCondition } from '../../lib/soql/filters.js';
import { SOSL_RESERVED, buildSosl, escapeSoslTerm } from '../../lib/soql/sosl.js';

describe('SOSL term escaping', () => {
    it.each(SOSL_RESERVED.split(''))('escapes the reserved character %s', (char) => {
        expect(escapeSoslTerm(`a${char}b`)).toBe(`a\\${char}b`);
    });

    it('escapes the documented example {1+1}:2', () => {
        expect(escapeSoslTerm('{1+1}:2')).toBe('\\{1\\+1\\}\\:2');
    });

    it('quotes operator words so they are searched literally, in any case', () => {
        expect(escapeSoslTerm('cats AND dogs or Not mice')).toBe('cats "AND" dogs "or" "Not" mice');
    });

    it('cannot be closed early: a } in the term stays escaped', () => {
        const sosl = buildSosl({ searchTerm: 'x} RETURNING User(Id', returning: [{ sObject: 'Account' }] });
        expect(sosl).toBe('FIND {x\\} RETURNING User\\(Id} IN ALL FIELDS RETURNING Account');
    });

    it('refuses terms Salesforce cannot search', () => {
        expect(() => escapeSoslTerm('a')).toThrow(InputError);
        expect(() => escapeSoslTerm('  ')).toThrow(InputError);
        expect(() => escapeSoslTerm('a\nb')).toThrow(InputError);
        expect(() => escapeSoslTerm('x'.repeat(4001))).toThrow(InputError);
    });

    it('builds RETURNING clauses with fields, filters and limits', () => {
        expect(
            buildSosl({
                searchTerm: 'Acme',
                in: 'NAME',
                returning: [
                    { sObject: 'Account', fields: ['Id', 'Name'], where: [{ field: 'Name', operator: 'STARTS_WITH', value: "O'B_%" }], limit: 3 },
                    { sObject: 'Lead' }
                ],
                limit: 20
            })
        ).toBe("FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name WHERE Name LIKE 'O\\'B\\_\\%%' LIMIT 3), Lead LIMIT 20");
        expect(() => buildSosl({ searchTerm: 'Acme', returning: [] })).toThrow(InputError);
        expect(() => buildSosl({ searchTerm: 'Acme', returning: [{ sObject: 'Account', limit: 0 }] })).toThrow(InputError);
    });
});

describe('structured filters', () => {
    it('renders each operator with escaped values', () => {
        expect(filterCondition({ field: 'Name', operator: '=', value: "O'Brien" })).toBe("Name = 'O\\'Brien'");
        expect(filterCondition({ field: 'Amount', operator: '>=', value: 10 })).toBe('Amount >= 10');
        expect(filterCondition({ field: 'Phone', operator: '=', value: null })).toBe('Phone = null');
        expect(filterCondition({ field: 'Phone', operator: '!=', value: null })).toBe('Phone != null');
        expect(filterCondition({ field: 'Name', operator: 'CONTAINS', value: '50%' })).toBe("Name LIKE '%50\\%%'");
        expect(filterCondition({ field: 'Name', operator: 'LIKE', value: 'Ac%' })).toBe("Name LIKE 'Ac\\%'");
        expect(filterCondition({ field: 'StageName', operator: 'NOT IN', value: ['Closed Won', 'Closed Lost'] })).toBe("StageName NOT IN ('Closed Won', 'Closed Lost')");
        expect(filterCondition({ field: 'CloseDate', operator: '<', value: '2024-12-31', valueType: 'date' })).toBe('CloseDate < 2024-12-31');
        expect(filterCondition({ field: 'SystemModstamp', operator: '>', value: '2024-12-31T10:00:00+0000', valueType: 'dateTime' })).toBe('SystemModstamp > 2024-12-31T10:00:00.000Z');
    });

    it('ANDs several filters with parentheses', () => {
        expect(buildWhere([{ field: 'A', operator: '=', value: 1 }, { field: 'B', operator: '=', value: true }])).toBe('(A = 1) AND (B = true)');
    });

    it('refuses what would not be one safe condition', () => {
        expect(() => filterCondition({ field: 'Name; DELETE', operator: '=', value: 'x' })).toThrow(InputError);
        expect(() => filterCondition({ field: 'Name', operator: 'CONTAINS', value: 5 })).toThrow(InputError);
        expect(() => filterCondition({ field: 'Name', operator: '=', value: ['a'] })).toThrow(InputError);
        expect(() => filterCondition({ field: 'Name', operator: 'IN', value: [] })).toThrow(InputError);
        expect(() => filterCondition({ field: 'D', operator: '=', value: 'TODAY', valueType: 'date' })).toThrow(InputError);
        expect(() => buildWhere([])).toThrow(InputError);
    });
});
