/** Conversions between stored values and Salesforce's JSON representations. */

/** Stored record: canonical field name → value. Datetimes are epoch milliseconds, dates 'YYYY-MM-DD'. */
export type Value = string | number | boolean | null;
export type Rec = Record<string, Value>;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const DAY_MS = 86_400_000;
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayCache = new Map<number, string>();

/**
 * `2024-01-01T00:00:00.000` (UTC, no zone) of epoch ms. Hot when paging 100k rows (several dateTimes per row),
 * so the date part is cached per day and the time part is plain arithmetic instead of a Date object.
 */
let lastMs = NaN;
let lastIso = '';

export function isoLocal(ms: number): string {
    // Rows often carry the same instant twice (LastModifiedDate = SystemModstamp).
    if (ms === lastMs) return lastIso;
    lastIso = isoUncached(ms);
    lastMs = ms;
    return lastIso;
}

function isoUncached(ms: number): string {
    if (!Number.isInteger(ms) || ms < -30_610_224_000_000 || ms > 253_402_300_799_999) {
        const d = new Date(ms);
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
    }
    const day = Math.floor(ms / DAY_MS);
    let date = dayCache.get(day);
    if (date === undefined) {
        date = new Date(day * DAY_MS).toISOString().slice(0, 10);
        if (dayCache.size > 50_000) dayCache.clear();
        dayCache.set(day, date);
    }
    let r = ms - day * DAY_MS;
    const h = Math.floor(r / 3_600_000);
    r -= h * 3_600_000;
    const mi = Math.floor(r / 60_000);
    r -= mi * 60_000;
    const sec = Math.floor(r / 1000);
    return `${date}T${P2[h] as string}:${P2[mi] as string}:${P2[sec] as string}.${P3[r - sec * 1000] as string}`;
}

/** `2024-01-01T00:00:00.000+0000`, the format Salesforce returns for dateTime fields. */
export function formatDateTime(ms: number): string {
    return `${isoLocal(ms)}+0000`;
}

export function formatDate(ms: number): string {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses an ISO-8601 dateTime (Z, ±hh:mm or ±hhmm, optional fraction); null when invalid. */
export function parseDateTime(s: string): number | null {
    const m = DATETIME_RE.exec(s);
    if (!m) return null;
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
    if (!Number.isFinite(t) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
    if (zone && zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return t;
}

export function isValidDate(s: string): boolean {
    const m = DATE_RE.exec(s);
    if (!m) return false;
    const t = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && formatDate(t.getTime()) === s;
}
