import { describe, expect, it } from 'vitest';
import { checksum, isWellFormedId, to18 } from '../src/org/ids.js';
import { IdGenerator } from '../src/org/ids.js';

describe('Salesforce ids (reference §11.1)', () => {
    it('computes the 3-char checksum suffix from the documented examples', () => {
        expect(to18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
        expect(checksum('a0D30000001n7Pi')).toBe('EAI');
        expect(checksum('0019000000B98de')).toBe('AAB');
    });

    it('normalises 15- and 18-char ids, accepting any case in the suffix', () => {
        expect(to18('001D000000IqhSLIAZ')).toBe('001D000000IqhSLIAZ');
        expect(to18('001D000000IqhSLiaz')).toBe('001D000000IqhSLIAZ');
        expect(to18('001D000000IqhSLAAA')).toBeNull();
        expect(to18('001D000000IqhS')).toBeNull();
        expect(isWellFormedId('001D000000Iqh-L')).toBe(false);
    });

    it('generates 18-char ids with the key prefix that sort in creation order', () => {
        const gen = new IdGenerator();
        const a = gen.next('001');
        const b = gen.next('001');
        expect(a).toHaveLength(18);
        expect(a.startsWith('001')).toBe(true);
        expect(to18(a.slice(0, 15))).toBe(a);
        expect(a.slice(0, 15) < b.slice(0, 15)).toBe(true);
    });
});
