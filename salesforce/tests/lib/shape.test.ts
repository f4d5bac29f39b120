import { describe, expect, it } from 'vitest';

import { InputError } from '../../lib/http/errors.js';
import { MAX_INPUT_DEPTH, assertInputShape, assertWellFormed, hasLoneSurrogate } from '../../lib/input/shape.js';

function nested(depth: number, leaf: unknown = 1): unknown {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = { k: value };
    return value;
}

function issueOf(run: () => void): { path: string; message: string } {
    try {
        run();
    } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        const issue = (error as InputError).issues[0];
        if (!issue) throw new Error('no issue');
        return issue;
    }
    throw new Error('expected an InputError');
}

describe('assertInputShape', () => {
    it('accepts nesting up to the limit and refuses one level more, naming the path', () => {
        expect(MAX_INPUT_DEPTH).toBe(32);
        // the input object is level 0: nested(32) holds objects at levels 0..31 and a number at 32
        expect(() => assertInputShape(nested(32))).not.toThrow();
        const issue = issueOf(() => assertInputShape(nested(33)));
        expect(issue.path).toBe(Array.from({ length: 32 }, () => 'k').join('.'));
        expect(issue.message).toBe('nests deeper than 32 levels');
    });

    it('walks 100,000 levels without a stack overflow', () => {
        let deep: unknown = [];
        for (let i = 0; i < 100_000; i++) deep = [deep];
        const issue = issueOf(() => assertInputShape({ rows: deep }));
        expect(issue.path.startsWith('rows.0.0.')).toBe(true);
    });

    it('names array indexes and escapes hostile keys in the path', () => {
        const issue = issueOf(() => assertInputShape({ records: [{}, { 'Name\u202e': nested(40) }] }));
        expect(issue.path.startsWith('records.1.Name\\u202e.k')).toBe(true);
        expect(issue.path).not.toContain('\u202e');
    });

    it('refuses more values than allowed', () => {
        const issue = issueOf(() => assertInputShape({ list: Array.from({ length: 11 }, () => 0) }, '', 32, 10));
        expect(issue.message).toMatch(/more than 10 values/);
        expect(() => assertInputShape({ list: Array.from({ length: 8 }, () => 0) }, '', 32, 10)).not.toThrow();
    });

    it('refuses an unpaired surrogate in a string or a key, keeps pairs', () => {
        expect(() => assertInputShape({ a: 'emoji 😀', b: ['\u{1F600}'] })).not.toThrow();
        expect(issueOf(() => assertInputShape({ a: { b: 'x\ud83d' } })).path).toBe('a.b');
        expect(issueOf(() => assertInputShape({ list: ['ok', '\ude00x'] })).path).toBe('list.1');
        expect(issueOf(() => assertInputShape({ ['k\ud800']: 1 })).path).toBe('k\\ud800');
    });
});

describe('hasLoneSurrogate / assertWellFormed', () => {
    it('agrees with isWellFormed where the runtime has it', () => {
        const samples = ['', 'abc', '😀', '\ud83d', '\ude00', '\ude00\ud83d', 'a\ud83d\ude00b', '\ud83d\ud83d\ude00', '\ud83d\ude00\ude00'];
        const expected = [false, false, false, true, true, true, false, true, true];
        expect(samples.map(hasLoneSurrogate)).toEqual(expected);
        const native = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
        if (native) expect(samples.map((s) => !native.call(s))).toEqual(expected);
    });

    it('names the path and shows the surrogate escaped', () => {
        const issue = issueOf(() => assertWellFormed('Acme\ud800', 'externalId'));
        expect(issue.path).toBe('externalId');
        expect(issue.message).toContain('Acme\\ud800');
        expect(hasLoneSurrogate(issue.message)).toBe(false);
        expect(assertWellFormed('Acme 😀', 'x')).toBe('Acme 😀');
    });
});
