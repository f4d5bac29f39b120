import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import {
    and,
    buildSoql,
    compare,
    dateLiteral,
    dateTimeLiteral,
    escapeSoqlLike,
    escapeSoqlString,
    idIn,
    inList,
    isNull,
    like,
    literal,
    normalizeDateTime,
    not,
    or
} from '../../lib/soql/builder.js';

describe('SOQL literals', () => {
    it.each([
        ["O'Brien", "O\\'Brien"],
        ['back\\slash', 'back\\\\slash'],
        ["\\'", "\\\\\\'"],
        ['line\nbreak', 'line\\nbreak'],
        ['carriage\rreturn', 'carriage\\rreturn'],
        ['tab\there', 'tab\\there'],
        ['quote"d', 'quote\\"d'],
        ['form\ffeed', 'form\\ffeed'],
        ['bell\bchar', 'bell\\bchar'],
        ['unicode ü 日本 😀', 'unicode ü 日本 😀'],
        ['\\u0027 stays text', '\\\\u0027 stays text'],
        ["' OR Name != '", "\\' OR Name != \\'"]
    ])('escapes %j', (input, escaped) => {
        expect(escapeSoqlString(input)).toBe(escaped);
    });

    it('refuses control characters SOQL has no escape for', () => {
        expect(() => escapeSoqlString('nul\u0000')).toThrow(InputError);
        expect(() => escapeSoqlString('esc\u001b')).toThrow(/U\+001b/);
    });

    it('escapes LIKE wildcards on top of string escapes', () => {
        expect(escapeSoqlLike("50%_off'")).toBe("50\\%\\_off\\'");
    });

    it('renders every kind of value', () => {
        expect(literal("it's").soql).toBe("'it\\'s'");
        expect(literal(42).soql).toBe('42');
        expect(literal(-1.5).soql).toBe('-1.5');
        expect(literal(true).soql).toBe('true');
        expect(literal(false).soql).toBe('false');
        expect(literal(null).soql).toBe('null');
        expect(literal(new Date(Date.UTC(2024, 0, 31, 10, 0, 0))).soql).toBe('2024-01-31T10:00:00.000Z');
        expect(() => literal(Number.NaN)).toThrow(InputError);
        expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(InputError);
    });

    it('validates dates', () => {
        expect(dateLiteral('2024-02-29').soql).toBe('2024-02-29');
        expect(() => dateLiteral('2023-02-29')).toThrow(InputError);
        expect(() => dateLiteral('2024-1-1')).toThrow(InputError);
        expect(() => dateLiteral("2024-01-01' OR Id != '")).toThrow(InputError);
    });

    it('normalises dateTimes to UTC with Z, including the +0000 form records carry', () => {
        expect(normalizeDateTime('2024-01-31T10:00:00Z')).toBe('2024-01-31T10:00:00.000Z');
        expect(normalizeDateTime('2024-01-31T10:00:00.123+0000')).toBe('2024-01-31T10:00:00.123Z');
        expect(normalizeDateTime('2024-01-31T12:00:00+02:00')).toBe('2024-01-31T10:00:00.000Z');
        expect(dateTimeLiteral('2024-01-31T10:00:00-0500').soql).toBe('2024-01-31T15:00:00.000Z');
        expect(() => normalizeDateTime('2024-01-31 10:00:00')).toThrow(InputError);
        expect(() => normalizeDateTime('2024-01-31T25:00:00Z')).toThrow(InputError);
        expect(() => normalizeDateTime('2024-01-31T10:00:00Z OR x')).toThrow(InputError);
    });
});

describe('SOQL conditions and builder', () => {
    it('builds comparisons with escaped values', () => {
        expect(compare('Name', '=', "O'Brien")).toBe("Name = 'O\\'Brien'");
        expect(compare('CloseDate', '>=', dateLiteral('2024-01-01'))).toBe('CloseDate >= 2024-01-01');
        expect(compare('Amount', '>', 1000)).toBe('Amount > 1000');
        expect(() => compare("Name' OR '1'='1", '=', 'x')).toThrow(InputError);
    });

    it('builds LIKE in every mode with wildcards in the text escaped', () => {
        expect(like('Name', '50%')).toBe("Name LIKE '%50\\%%'");
        expect(like('Name', 'a_b', 'startsWith')).toBe("Name LIKE 'a\\_b%'");
        expect(like('Name', 'x', 'endsWith')).toBe("Name LIKE '%x'");
        expect(like('Name', "it's", 'exact')).toBe("Name LIKE 'it\\'s'");
    });

    it('builds IN lists and refuses empty ones', () => {
        expect(inList('StageName', ['Prospecting', "Closed 'Won'"])).toBe("StageName IN ('Prospecting', 'Closed \\'Won\\'')");
        expect(inList('Type', ['A'], true)).toBe("Type NOT IN ('A')");
        expect(() => inList('Type', [])).toThrow(InputError);
        expect(idIn('AccountId', ['001D000000IqhSLIAZ'])).toBe("AccountId IN ('001D000000IqhSLIAZ')");
        expect(() => idIn('AccountId', ["001D000000IqhSL') OR ('"])).toThrow(InputError);
    });

    it('parenthesises combined conditions so OR inside cannot escape', () => {
        const cond = and(or(compare('A', '=', 1), compare('B', '=', 2)), isNull('C'), undefined);
        expect(cond).toBe('((A = 1) OR (B = 2)) AND (C = null)');
        expect(not(isNull('C', true))).toBe('NOT (C != null)');
        expect(and()).toBeUndefined();
        expect(or(compare('A', '=', 1))).toBe('A = 1');
    });

    it('builds a full statement', () => {
        expect(
            buildSoql({
                select: ['Id', 'Name', 'Owner.Name', 'id'],
                from: 'Account',
                where: and(compare('Industry', '=', 'Tech'), like('Name', 'Ac')),
                orderBy: [{ field: 'SystemModstamp' }, { field: 'Id', direction: 'DESC', nulls: 'LAST' }],
                limit: 10,
                offset: 20
            })
        ).toBe(
            "SELECT Id, Name, Owner.Name FROM Account WHERE (Industry = 'Tech') AND (Name LIKE '%Ac%') ORDER BY SystemModstamp ASC, Id DESC NULLS LAST LIMIT 10 OFFSET 20"
        );
    });

    it('refuses bad identifiers, limits and offsets', () => {
        expect(() => buildSoql({ select: ['Id'], from: 'Account WHERE' })).toThrow(InputError);
        expect(() => buildSoql({ select: [], from: 'Account' })).toThrow(InputError);
        expect(() => buildSoql({ select: ['Id FROM User'], from: 'Account' })).toThrow(InputError);
        expect(() => buildSoql({ select: ['Id'], from: 'Account', orderBy: [{ field: 'Name; DROP' }] })).toThrow(InputError);
        expect(() => buildSoql({ select: ['Id'], from: 'Account', limit: 0 })).toThrow(InputError);
        expect(() => buildSoql({ select: ['Id'], from: 'Account', offset: 2001 })).toThrow(/2000/);
        expect(() => buildSoql({ select: ['Id'], from: 'Account', where: compare('Name', '=', 'x'.repeat(100_001)) })).toThrow(/100000/);
    });
});
