/**
 * The time window of the replication API actions (list-updated-records, list-deleted-records), checked before any
 * call, as the REST API Developer Guide ("sObject Get Updated", "sObject Get Deleted") and the SOAP API's
 * getUpdated()/getDeleted() describe it:
 * - start and end are ISO 8601 dateTimes; the API ignores seconds ("12:35:15 is interpreted as 12:35:00 UTC"), so both
 *   are cut to the minute here and the window actually asked for is returned;
 * - start must chronologically precede end (else INVALID_REPLICATION_DATE): after the cut, by at least one minute;
 * - results reach back no more than 30 days (Get Updated) or 15 days (Get Deleted, the Recycle Bin's span) before the
 *   day of the call: an older start is refused. There is no other limit on the span, but at most 600,000 ids come
 *   back (EXCEEDED_ID_LIMIT: choose a shorter window).
 * - An end in the future is allowed: latestDateCovered then says how far the answer reaches.
 * Times go out as `YYYY-MM-DDThh:mm:00+00:00` (URL-encoded by the proxy).
 */
import * as z from 'zod';

import { InputError } from '../http/errors.js';
import { normalizeDateTime } from '../soql/builder.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** How far back each resource answers, in days. */
export const REPLICATION_REACH_DAYS = { updated: 30, deleted: 15 } as const;

/** ISO 8601 with a zone: 2026-11-20T10:00:00Z, 2026-11-20T10:00:00.000+02:00. */
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export const replicationTimeSchema = z
    .string()
    .max(40)
    .regex(DATE_TIME_RE, 'must be an ISO 8601 date and time with a zone, e.g. "2026-11-20T10:00:00Z" or "2026-11-20T11:00:00+01:00"');

export interface ReplicationWindow {
    /** Epoch ms, cut to the minute. */
    start: number;
    end: number;
    /** As sent: `2026-11-20T10:00:00+00:00`. */
    params: { start: string; end: string };
}

/**
 * Epoch ms of a time, cut to the minute. Read by the package's one date-time parser (normalizeDateTime), which refuses
 * a day or an hour that does not exist (Date.parse would read 2026-02-30 as 2 March); seconds, optional here, are
 * added for it.
 */
function parseTime(value: string, path: string): number {
    const withSeconds = value.replace(/(T\d{2}:\d{2})(?=Z|[+-])/, '$1:00');
    return Math.floor(Date.parse(normalizeDateTime(withSeconds, path)) / MINUTE) * MINUTE;
}

const asParam = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}:00+00:00`;

/** The window of one call, or an InputError naming start or end. `now` is the runner's clock. */
export function replicationWindow(start: string, end: string, kind: keyof typeof REPLICATION_REACH_DAYS, now: number): ReplicationWindow {
    const from = parseTime(start, 'start');
    const to = parseTime(end, 'end');
    if (from >= to) {
        throw new InputError('must be at least one minute before end (Salesforce ignores the seconds of both, so both fall in the same minute or end comes first)', 'start');
    }
    const reach = REPLICATION_REACH_DAYS[kind];
    // "no more than N days previous to the day the call is executed": from the start of that UTC day
    const oldest = Math.floor(now / DAY) * DAY - reach * DAY;
    if (from < oldest) {
        throw new InputError(`is more than ${reach} days ago; Salesforce answers ${kind === 'updated' ? 'Get Updated' : 'Get Deleted'} for the last ${reach} days only (earliest now: ${new Date(oldest).toISOString()})`, 'start');
    }
    return { start: from, end: to, params: { start: asParam(from), end: asParam(to) } };
}
