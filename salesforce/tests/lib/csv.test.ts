import { describe, expect, it } from 'vitest';

import { shaperOf } from '../../lib/metadata/values.js';
import { csvRecordChunks, csvToRecords, parseCsv } from '../../lib/sync/csv.js';

describe('parseCsv (RFC 4180)', () => {
    it('splits plain fields and records, LF or CRLF, without an empty last row', () => {
        expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
            ['a', 'b', 'c'],
            ['1', '2', '3']
        ]);
        expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([
            ['a', 'b'],
            ['1', '2']
        ]);
        expect(parseCsv('a,b\n1,2')).toEqual([
            ['a', 'b'],
            ['1', '2']
        ]);
    });

    it('reads quoted fields with commas, doubled quotes and line breaks', () => {
        expect(parseCsv('"Name","Note"\n"Acme, Inc.","He said ""hi""\nthen left"\n')).toEqual([
            ['Name', 'Note'],
            ['Acme, Inc.', 'He said "hi"\nthen left']
        ]);
        expect(parseCsv('"a\r\nb",c\n')).toEqual([['a\r\nb', 'c']]);
    });

    it('keeps empty fields, including trailing ones and quoted empties', () => {
        expect(parseCsv('a,,c,\n"",x,"",\n')).toEqual([
            ['a', '', 'c', ''],
            ['', 'x', '', '']
        ]);
    });

    it('keeps unicode and quotes inside unquoted fields', () => {
        expect(parseCsv('naïve,日本,😀\n')).toEqual([['naïve', '日本', '😀']]);
        expect(parseCsv('it\'s,5" screen\n')).toEqual([["it's", '5" screen']]);
    });

    it('refuses a quoted field that never closes', () => {
        expect(() => parseCsv('"a,b\n')).toThrow(/quoted field/);
    });

    it('returns nothing for an empty body', () => {
        expect(parseCsv('')).toEqual([]);
    });
});

describe('csvToRecords', () => {
    it('names fields by the header, nests dotted paths, and reads empty as null', () => {
        const records = csvToRecords('"Id","Name","Account.Name","Account.Owner.Name","Amount"\n"003000000000001AAA","Ng","Acme","Ada",""\n', 'Contact');
        expect(records).toEqual([
            {
                attributes: { type: 'Contact' },
                Id: '003000000000001AAA',
                Name: 'Ng',
                Account: { Name: 'Acme', Owner: { Name: 'Ada' } },
                Amount: null
            }
        ]);
        expect(csvToRecords('', 'Contact')).toEqual([]);
        expect(csvToRecords('"Id"\n', 'Contact')).toEqual([]);
    });

    it('chunks without attributes (what the sync reads) shape to the same records as with them', () => {
        const csv = 'Id,Account.Name,Amount\n003000000000001AAA,Acme,5\n003000000000002AAA,,\n003000000000003AAA,Globex,\n';
        const bare = [...csvRecordChunks(csv, 'Contact', 2, false)];
        expect(bare.map((chunk) => chunk.length)).toEqual([2, 1]);
        expect(bare.flat().some((r) => 'attributes' in r)).toBe(false);
        const shape = shaperOf([{ key: ['Id'], type: 'id' }, { key: ['Account', 'Name'], type: 'string' }, { key: ['Amount'], type: 'currency' }], [], true);
        const shaped = bare.flat().map(shape);
        expect(shaped).toEqual(csvToRecords(csv, 'Contact').map(shape));
        expect(JSON.stringify(shaped)).toBe(
            '[{"Id":"003000000000001AAA","Account":{"Name":"Acme"},"Amount":5},{"Id":"003000000000002AAA","Account":null,"Amount":null},{"Id":"003000000000003AAA","Account":{"Name":"Globex"},"Amount":null}]'
        );
    });
});
