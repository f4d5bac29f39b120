/**
 * The CSV writer (sync/csv.ts) and the Bulk API 2.0 ingest data checks (writes/bulk-ingest.ts): quoting, delimiters,
 * line endings, nulls, unicode, relationship columns, header and id checks, result rows.
 */
import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { csvField, parseCsv, scanCsv, writeCsv } from '../../lib/sync/csv.js';
import { assertBulkJobId, errorCodeOf, isHeaderName, prepareCsv, recordsToCsv, resultRows } from '../../lib/writes/bulk-ingest.js';

const insert = { operation: 'insert' as const, columnDelimiter: 'COMMA' as const, lineEnding: 'LF' as const };

describe('CSV writer', () => {
    it('quotes only what needs it: the delimiter, quotes (doubled), line breaks, edge spaces', () => {
        expect(csvField('plain')).toBe('plain');
        expect(csvField('a,b')).toBe('"a,b"');
        expect(csvField('say "hi"')).toBe('"say ""hi"""');
        expect(csvField('two\nlines')).toBe('"two\nlines"');
        expect(csvField('cr\r')).toBe('"cr\r"');
        expect(csvField(' padded ')).toBe('" padded "');
        expect(csvField('')).toBe('');
        expect(csvField('a|b', '|')).toBe('"a|b"');
        expect(csvField('a,b', '|')).toBe('a,b');
    });

    it('writes unicode as it is (UTF-8 is the upload encoding) and reads back what it wrote', () => {
        const rows = [['naïve', '日本語', '😀 emoji'], ['a,b', 'x"y', 'line\r\nbreak'], ['', '#N/A', ' lead']];
        for (const [delimiter, eol] of [[',', '\n'], [';', '\r\n'], ['\t', '\n'], ['`', '\n'], ['^', '\r\n'], ['|', '\n']] as const) {
            const text = writeCsv(['A', 'B', 'C'], rows, delimiter, eol);
            expect(parseCsv(text, delimiter)).toEqual([['A', 'B', 'C'], ...rows]);
            expect(text.endsWith(eol)).toBe(true);
        }
    });

    it('does not escape formulas: Salesforce stores CSV values as text, an = stays an =', () => {
        expect(csvField('=1+1')).toBe('=1+1');
        expect(csvField('+SUM(A1)')).toBe('+SUM(A1)');
        expect(csvField('@cmd')).toBe('@cmd');
    });

    it('scanCsv reports each row terminator and stops when asked', () => {
        const seen: string[] = [];
        scanCsv('a\nb\r\nc\rd', (fields, _i, t) => {
            seen.push(`${fields[0]}:${JSON.stringify(t)}`);
        });
        expect(seen).toEqual(['a:"\\n"', 'b:"\\r\\n"', 'c:"\\r"', 'd:""']);
        let count = 0;
        scanCsv('1\n2\n3\n', () => ++count < 2);
        expect(count).toBe(2);
        expect(() => parseCsv('"open\n')).toThrow(/inside a quoted field/);
    });
});

describe('records to CSV', () => {
    it('null is #N/A, a left-out field is empty, booleans and numbers plain, columns in first-seen order', () => {
        const out = recordsToCsv([{ LastName: 'Ng', Email: null }, { LastName: 'Ro', DoNotCall: true, NumberOfEmployees: 12.5 }], insert);
        expect(out.columns).toEqual(['LastName', 'Email', 'DoNotCall', 'NumberOfEmployees']);
        expect(out.csv).toBe('LastName,Email,DoNotCall,NumberOfEmployees\nNg,#N/A,,\nRo,,true,12.5\n');
        expect(out.rows).toBe(2);
    });

    it('a parent by external id becomes a Relationship.Field column; attributes are skipped', () => {
        const out = recordsToCsv([{ attributes: { type: 'Contact' }, LastName: 'Ng', Account: { External_Id__c: 'ACC-7' } }, { LastName: 'Ro', 'Account.External_Id__c': 'ACC-8' }], insert);
        expect(out.csv).toBe('LastName,Account.External_Id__c\nNg,ACC-7\nRo,ACC-8\n');
    });

    it.each([
        ['a field name with a comma', [{ 'Last,Name': 'x' }]],
        ['a field name with a newline', [{ 'Name\n': 'x' }]],
        ['a quote in a field name', [{ 'Na"me': 'x' }]],
        ['a SOQL keyword', [{ Select: 'x' }]],
        ['an array value', [{ Tags__c: ['a', 'b'] }]],
        ['a deep parent', [{ Account: { Owner: { Email: 'x' } } }]],
        ['a parent with two keys', [{ Account: { A__c: '1', B__c: '2' } }]],
        ['Infinity', [{ Amount__c: Infinity }]],
        ['an exponent number', [{ Amount__c: 1e21 }]],
        ['the same field spelled twice', [{ Name: 'a' }, { name: 'b' }]],
        ['an Id in an insert', [{ Id: '001D000000IqhSLIAZ', Name: 'x' }]]
    ])('refuses %s', (_label, records) => {
        expect(() => recordsToCsv(records as never, insert)).toThrow(InputError);
    });

    it('update needs a valid Id in every row; delete takes only Id; upsert needs its external-id column', () => {
        expect(() => recordsToCsv([{ Name: 'x' }], { ...insert, operation: 'update' })).toThrow(/needs an Id column/);
        expect(() => recordsToCsv([{ Id: '001D000000IqhSLIAZ' }, { Id: 'not-an-id' }], { ...insert, operation: 'update' })).toThrow(InputError);
        expect(() => recordsToCsv([{ Id: '001D000000IqhSLIAZ', Name: 'x' }], { ...insert, operation: 'delete' })).toThrow(/one column, Id/);
        expect(() => recordsToCsv([{ Name: 'x' }], { ...insert, operation: 'upsert', externalIdFieldName: 'External_Id__c' })).toThrow(/externalIdFieldName/);
        expect(recordsToCsv([{ Id: '' , LastName: 'new' }, { Id: '003D000000QyVbMIAV', LastName: 'old' }], { ...insert, operation: 'upsert', externalIdFieldName: 'Id' }).rows).toBe(2);
    });
});

describe('CSV given directly', () => {
    it('takes its line ending from the data, drops a byte-order mark, counts rows', () => {
        expect(prepareCsv('\ufeffLastName\r\nNg\r\n', { operation: 'insert', columnDelimiter: 'COMMA' })).toMatchObject({ lineEnding: 'CRLF', rows: 1, columns: ['LastName'], csv: 'LastName\r\nNg\r\n' });
        expect(prepareCsv('LastName|Email\nNg|a@b.c', { operation: 'insert', columnDelimiter: 'PIPE' })).toMatchObject({ lineEnding: 'LF', rows: 1, columns: ['LastName', 'Email'] });
    });

    it.each([
        ['mixed line endings', 'LastName\nNg\r\nRo\n'],
        ['a bare carriage return', 'LastName\rNg\r'],
        ['a row with too many fields', 'LastName\nNg,extra\n'],
        ['a hostile header', 'LastName,"Email;DROP"\nNg,x\n'],
        ['a path traversal in the header', '../../limits\nx\n'],
        ['an unclosed quote', 'LastName\n"Ng\n'],
        ['only a header', 'LastName\n'],
        ['an empty text', '\n\n']
    ])('refuses %s', (_label, csv) => {
        expect(() => prepareCsv(csv, { operation: 'insert', columnDelimiter: 'COMMA' })).toThrow(InputError);
    });

    it('refuses a line ending other than the one named', () => {
        expect(() => prepareCsv('LastName\r\nNg\r\n', { operation: 'insert', columnDelimiter: 'COMMA', lineEnding: 'LF' })).toThrow(/lineEnding is LF/);
    });
});

describe('names, ids and results', () => {
    it('header names: fields, relationships, polymorphic relationships', () => {
        expect(['Name', 'Account.External_Id__c', 'Owner:User.Email', 'ns__Field__c'].every(isHeaderName)).toBe(true);
        expect(['', 'A.B.C', 'User:Owner', 'a b', 'Name;', '%2e'].some(isHeaderName)).toBe(false);
    });

    it('job ids start with 750 and have a valid checksum', () => {
        expect(assertBulkJobId('7505g00000AbCdEAAV')).toBe('7505g00000AbCdEAAV');
        expect(() => assertBulkJobId('001D000000IqhSLIAZ')).toThrow(/start with 750/);
        expect(() => assertBulkJobId('750../../limits')).toThrow(InputError);
    });

    it('reads result rows with their sf__ columns and pages by offset', () => {
        const csv = '"sf__Id","sf__Error","LastName"\n"","REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --",""\n"003D000000QyVbMIAV","ENTITY_IS_DELETED:entity is deleted:--","x"\n';
        const page = resultRows(csv, ',', 1, 5);
        expect(page).toEqual({ columns: ['LastName'], more: false, rows: [{ recordId: '003D000000QyVbMIAV', created: null, error: 'ENTITY_IS_DELETED:entity is deleted:--', errorCode: 'ENTITY_IS_DELETED', fields: { LastName: 'x' } }] });
        expect(resultRows(csv, ',', 0, 1).more).toBe(true);
        expect(errorCodeOf('no code here')).toBeNull();
    });
});
