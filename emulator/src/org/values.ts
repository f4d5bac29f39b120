/** Conversions between stored values and Salesforce's JSON representations. */

/** Stored record: canonical field name → value. Datetimes are epoch milliseconds, dates 'YYYY-MM-DD'. */
export type Value = string | number | boolean | null;
export type Rec = Record<string, Value>;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2024-01-01T00:00:00.000+0000`, the format Salesforce returns for dateTime fields. */
export function formatDateTime(ms: number): string {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`;
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
