/**
 * Salesforce record ids: 3-char key prefix + 12 base-62 chars (15, case-sensitive) + a 3-char
 * case-folding checksum (18, case-insensitive). See the reference §11.1.
 */

/** Digits in ASCII order, so that a counter written in this alphabet sorts the same way as the number. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[0-9A-Za-z]+$/;

/** The 3-char suffix that makes a 15-char id case-insensitive. */
export function checksum(id15: string): string {
    let out = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let flags = 0;
        for (let j = 0; j < 5; j++) {
            const c = id15.charCodeAt(chunk * 5 + j);
            if (c >= 65 && c <= 90) flags |= 1 << j;
        }
        out += SUFFIX_CHARS.charAt(flags);
    }
    return out;
}

/** True when the string has the shape of a 15- or 18-char id (and, for 18, a matching checksum up to case). */
export function isWellFormedId(value: string): boolean {
    if ((value.length !== 15 && value.length !== 18) || !ID_CHARS.test(value)) return false;
    if (value.length === 18) return checksum(value.slice(0, 15)).toUpperCase() === value.slice(15).toUpperCase();
    return true;
}

/**
 * Normalises a 15- or 18-char id to its canonical 18-char form, or returns null when malformed.
 * An 18-char id keeps its first 15 chars (the case-sensitive part) and gets the correct suffix.
 */
export function to18(value: string): string | null {
    if (!isWellFormedId(value)) return null;
    const id15 = value.slice(0, 15);
    return id15 + checksum(id15);
}

export function keyPrefixOf(id: string): string {
    return id.slice(0, 3);
}

function toBase62(n: number, width: number): string {
    let s = '';
    let v = Math.floor(n);
    while (v > 0) {
        s = BASE62.charAt(v % 62) + s;
        v = Math.floor(v / 62);
    }
    return s.padStart(width, '0');
}

/**
 * Generates ids per key prefix from a counter: prefix + 2-char "pod" + 10-char base-62 counter.
 * Ids created later sort after earlier ones (as with real orgs, roughly), which keeps `ORDER BY Id` meaningful.
 */
export class IdGenerator {
    private readonly counters = new Map<string, number>();
    constructor(private readonly pod: string = 'Em', private readonly start: number = 1_000) {}

    next(prefix: string): string {
        const n = (this.counters.get(prefix) ?? this.start) + 1;
        this.counters.set(prefix, n);
        const id15 = prefix + this.pod + toBase62(n, 10);
        return id15 + checksum(id15);
    }
}
