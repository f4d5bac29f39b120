import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { assertFieldList, assertFieldPath, assertSObjectName, isApiName, isFieldPath, printable } from '../../lib/input/names.js';

describe('API names', () => {
    it.each(['Account', 'Contact', 'Invoice__c', 'acme__Invoice__c', 'Knowledge__kav', 'Location__Latitude__s', 'Account__r', 'Custom_Field_2__c', 'X'])(
        'accepts %s',
        (name) => {
            expect(isApiName(name)).toBe(true);
            expect(assertSObjectName(name)).toBe(name);
        }
    );

    it.each([
        ['a parent path', '../limits'],
        ['a slash', 'Account/describe'],
        ['a space', 'Account Contact'],
        ['a single quote', "Name'"],
        ['a double quote', 'Name"'],
        ['a semicolon', 'Name;'],
        ['a comma', 'Id,Name'],
        ['a percent-encoded dot', '%2e%2e'],
        ['a query string', 'Account?q=1'],
        ['a fragment', 'Account#x'],
        ['a newline', 'Account\nContact'],
        ['a leading digit', '1Account'],
        ['a leading underscore', '_Account'],
        ['a trailing underscore', 'Account_'],
        ['three underscores', 'Invoice___c'],
        ['a keyword', 'SELECT'],
        ['a lowercase keyword', 'where'],
        ['a smuggled clause', 'Name FROM User'],
        ['an empty string', ''],
        ['an absolute URL', 'https://example.com'],
        ['a unicode letter', 'Accöunt'],
        ['a 81-character name', `A${'b'.repeat(80)}`]
    ])('rejects %s', (_label, name) => {
        expect(isApiName(name)).toBe(false);
        expect(() => assertSObjectName(name)).toThrow(InputError);
    });

    it('accepts relationship paths of up to five hops', () => {
        expect(isFieldPath('Account.Owner.Name')).toBe(true);
        expect(isFieldPath('A.B.C.D.E.Name')).toBe(true);
        expect(isFieldPath('A.B.C.D.E.F.Name')).toBe(false);
        expect(isFieldPath('Account..Name')).toBe(false);
        expect(isFieldPath('Account.')).toBe(false);
        expect(isFieldPath('Account.FROM')).toBe(false);
    });

    it('names the input path in its errors and never echoes control characters raw', () => {
        try {
            assertFieldPath('Name\n FROM User', 'fields[2]');
            expect.unreachable();
        } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            expect((error as InputError).issues[0]?.path).toBe('fields[2]');
            expect((error as Error).message).toContain('\\u000a');
            expect((error as Error).message).not.toContain('\n');
        }
    });

    it('deduplicates a field list case-insensitively, keeping the first spelling', () => {
        expect(assertFieldList(['Id', 'Name', 'id', 'NAME', 'Owner.Name'])).toEqual(['Id', 'Name', 'Owner.Name']);
        expect(() => assertFieldList(['Owner.Name'], 'fields', false)).toThrow(InputError);
    });
});

describe('printable', () => {
    it('shows controls, bidi, zero-width and line separators as \\u escapes', () => {
        const hostile = ['\u0000', '\r', '\n', '\u001b', '\u007f', '\u0085', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2028', '\u2029', '\u200e', '\u200f'];
        for (const char of hostile) {
            const shown = printable(`a${char}b`);
            expect(shown).toBe(`a\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}b`);
        }
    });

    it('escapes quotes and backslashes, keeps ordinary text and emoji', () => {
        expect(printable('say "hi" \\ O\'Brien')).toBe('say \\"hi\\" \\\\ O\'Brien');
        expect(printable('Zoë 😀 日本')).toBe('Zoë 😀 日本');
    });

    it('escapes lone surrogates and never cuts a pair in half', () => {
        expect(printable('x\ud800y\udc00')).toBe('x\\ud800y\\udc00');
        const cut = printable(`${'a'.repeat(59)}😀tail`, 60);
        expect(cut).toBe(`${'a'.repeat(59)}…`);
        expect(printable('abcdef', 3)).toBe('abc…');
    });

    it('shows non-strings as text', () => {
        expect(printable(42)).toBe('42');
        expect(printable(null)).toBe('null');
    });
});
