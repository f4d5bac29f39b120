/** SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_MONTH …) as UTC [start, end) ranges in epoch ms. */
import { malformed } from './plan.js';

const DAY = 86_400_000;

function startOfDay(ms: number): number {
    return Math.floor(ms / DAY) * DAY;
}
function monthStart(y: number, m: number): number {
    return Date.UTC(y, m, 1);
}

export function dateLiteralRange(literal: string, now: number): [number, number] {
    const [nameRaw, nRaw] = literal.split(':');
    const name = (nameRaw ?? '').toUpperCase();
    const n = nRaw === undefined ? 0 : Number(nRaw);
    const today = startOfDay(now);
    const d = new Date(today);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const dow = d.getUTCDay(); // weeks start on Sunday (en_US locale)
    const weekStart = today - dow * DAY;
    const q = Math.floor(m / 3) * 3;
    switch (name) {
        case 'TODAY': return [today, today + DAY];
        case 'YESTERDAY': return [today - DAY, today];
        case 'TOMORROW': return [today + DAY, today + 2 * DAY];
        case 'LAST_N_DAYS': return [today - n * DAY, today + DAY];
        case 'NEXT_N_DAYS': return [today + DAY, today + (n + 1) * DAY];
        case 'N_DAYS_AGO': return [today - n * DAY, today - (n - 1) * DAY];
        case 'LAST_90_DAYS': return [today - 90 * DAY, today + DAY];
        case 'NEXT_90_DAYS': return [today + DAY, today + 91 * DAY];
        case 'THIS_WEEK': return [weekStart, weekStart + 7 * DAY];
        case 'LAST_WEEK': return [weekStart - 7 * DAY, weekStart];
        case 'NEXT_WEEK': return [weekStart + 7 * DAY, weekStart + 14 * DAY];
        case 'LAST_N_WEEKS': return [weekStart - n * 7 * DAY, weekStart];
        case 'NEXT_N_WEEKS': return [weekStart + 7 * DAY, weekStart + (n + 1) * 7 * DAY];
        case 'THIS_MONTH': return [monthStart(y, m), monthStart(y, m + 1)];
        case 'LAST_MONTH': return [monthStart(y, m - 1), monthStart(y, m)];
        case 'NEXT_MONTH': return [monthStart(y, m + 1), monthStart(y, m + 2)];
        case 'LAST_N_MONTHS': return [monthStart(y, m - n), monthStart(y, m)];
        case 'NEXT_N_MONTHS': return [monthStart(y, m + 1), monthStart(y, m + 1 + n)];
        case 'THIS_QUARTER': return [monthStart(y, q), monthStart(y, q + 3)];
        case 'LAST_QUARTER': return [monthStart(y, q - 3), monthStart(y, q)];
        case 'NEXT_QUARTER': return [monthStart(y, q + 3), monthStart(y, q + 6)];
        case 'THIS_YEAR': return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
        case 'LAST_YEAR': return [Date.UTC(y - 1, 0, 1), Date.UTC(y, 0, 1)];
        case 'NEXT_YEAR': return [Date.UTC(y + 1, 0, 1), Date.UTC(y + 2, 0, 1)];
        case 'LAST_N_YEARS': return [Date.UTC(y - n, 0, 1), Date.UTC(y, 0, 1)];
        case 'NEXT_N_YEARS': return [Date.UTC(y + 1, 0, 1), Date.UTC(y + 1 + n, 0, 1)];
        default:
            throw malformed(`Date literal ${literal} is not supported by the emulator`);
    }
}
