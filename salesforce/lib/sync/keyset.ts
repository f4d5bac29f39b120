/**
 * One keyset pass over an object: `(cursor field, Id) > cursor` up to a fixed upper bound, page by page, with the
 * expired-locator restart and the adaptive time windows that QUERY_TIMEOUT switches it to.
 */
import { queryFirstPage, queryPages, type ApiUsage, type SalesforceRecord } from '../http/pager.js';
import type { ObjectInfo } from '../metadata/fields.js';
import { and, buildSoql, compare, dateTimeLiteral, normalizeDateTime, or, type Condition, type Subquery } from '../soql/builder.js';
import { errorCodeOf, type SyncRuntime } from './runtime.js';

/** Position of the last saved record. */
export interface KeysetCursor {
    /** SystemModstamp as `YYYY-MM-DDThh:mm:ss.sssZ`. */
    ts: string;
    id: string;
}

/** Most times a pass restarts from its cursor after an expired query locator. */
export const MAX_LOCATOR_RESTARTS = 3;

export function cursorOf(ts: string, id: string): KeysetCursor | null {
    return ts ? { ts, id } : null;
}

/** `(SystemModstamp, Id) > cursor`; a cursor without an id stands before every record of its timestamp. */
export function afterCursor(cursor: KeysetCursor | null, field: CursorField = 'SystemModstamp'): Condition | undefined {
    if (!cursor) return undefined;
    const ts = dateTimeLiteral(cursor.ts, 'cursor');
    if (cursor.id === '') return compare(field, '>=', ts);
    return or(compare(field, '>', ts), and(compare(field, '=', ts), compare('Id', '>', cursor.id)));
}

/** The timestamp a keyset cursor runs on: SystemModstamp where the object has it (history objects have CreatedDate only). */
export type CursorField = 'SystemModstamp' | 'LastModifiedDate' | 'CreatedDate';

/** The best cursor field an object offers. */
export function cursorFieldOf(object: ObjectInfo): CursorField {
    for (const field of ['SystemModstamp', 'LastModifiedDate', 'CreatedDate'] as const) {
        if (object.fields.has(field.toLowerCase())) return field;
    }
    throw new Error(`${object.name} has no SystemModstamp, LastModifiedDate or CreatedDate the connected user can read, so it cannot be synced incrementally.`);
}

export interface PassOptions {
    sObject: string;
    select: readonly string[];
    subqueries?: readonly Subquery[];
    where?: Condition | undefined;
    /** WITH clause of a caller's statement (records-by-soql). */
    with?: string | undefined;
    cursor: KeysetCursor | null;
    /** Fixed upper bound of the cursor field for the run. */
    upper: string;
    /** The timestamp the cursor runs on (default SystemModstamp). */
    cursorField?: CursorField | undefined;
    /** Read through queryAll (deleted records included). */
    includeDeleted: boolean;
    batchSize?: number | undefined;
    /** Saves one page; called with the cursor the page ends at. */
    onPage: (records: SalesforceRecord[], cursor: KeysetCursor, apiUsage: ApiUsage | undefined) => Promise<void>;
    /**
     * Asked after every page; returning true stops the pass cleanly (e.g. the API quota is nearly used up). Also asked
     * when a page arrives, after `observe`: a pass that will stop after this page does not fetch the next one ahead.
     */
    shouldStop?: () => boolean;
    /** Sees each page's API usage (Sforce-Limit-Info) as soon as the page arrives, before `shouldStop` is asked. */
    observe?: (apiUsage: ApiUsage | undefined) => void;
    /**
     * Whether the next page may be fetched while this one is saved (default: yes). Say no for a page whose child
     * subqueries still hold locators to read: the parent cursor must not move before they are read.
     */
    prefetch?: (records: SalesforceRecord[]) => boolean;
}

export interface PassResult {
    cursor: KeysetCursor | null;
    records: number;
    pages: number;
    stopped: boolean;
}

/** The narrowest time window a pass tries after QUERY_TIMEOUT before it gives up. */
export const MIN_WINDOW_MS = 1_000;

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Before any Salesforce org: where windows start when even the oldest-timestamp query times out. */
const BEFORE_ANY_ORG = '1999-01-01T00:00:00.000Z';

/**
 * The oldest cursor-field value the pass can reach (one query on an indexed field, LIMIT 1), or null when none; when
 * that query times out too, a time before any org.
 */
async function earliestStamp(nango: SyncRuntime, options: PassOptions, field: CursorField): Promise<string | null> {
    const soql = buildSoql({ select: [field], from: options.sObject, where: options.where, with: options.with, orderBy: [{ field }], limit: 1 });
    try {
        const page = await queryFirstPage(nango, soql, { all: options.includeDeleted, context: `find the oldest ${field} of ${options.sObject}` });
        const value = page.records[0]?.[field];
        return typeof value === 'string' ? normalizeDateTime(value) : null;
    } catch (error) {
        if (errorCodeOf(error) !== 'QUERY_TIMEOUT') throw error;
        return BEFORE_ANY_ORG;
    }
}

/**
 * Reads every record after `cursor` up to `upper`, page by page. An expired locator restarts the query from the last
 * saved cursor. QUERY_TIMEOUT switches to time windows: the first starts at the cursor (or the object's oldest
 * timestamp) and spans half the range; a window that times out is halved, one that completes is followed by one twice
 * as long, so a big object makes steady progress; only a window of MIN_WINDOW_MS that still times out fails the run.
 */
export async function keysetPass(nango: SyncRuntime, options: PassOptions): Promise<PassResult> {
    const field = options.cursorField ?? 'SystemModstamp';
    const select = [...new Set(['Id', field, ...options.select])];
    const upper = new Date(options.upper).getTime();
    let cursor = options.cursor;
    let restarts = 0;
    let records = 0;
    let pages = 0;
    // time windows, once a query timed out: everything before `windowFrom` is read; the window is [windowFrom, +span]
    let windowFrom: number | null = null;
    let span = 0;
    for (;;) {
        const windowEnd: number = windowFrom === null ? upper : Math.min(upper, windowFrom + span);
        const soql = buildSoql({
            select,
            subqueries: options.subqueries ?? [],
            from: options.sObject,
            where: and(
                options.where,
                afterCursor(cursor, field),
                windowFrom !== null ? compare(field, '>=', dateTimeLiteral(iso(windowFrom))) : undefined,
                compare(field, '<=', dateTimeLiteral(iso(windowEnd)))
            ),
            with: options.with,
            orderBy: [{ field }, { field: 'Id' }]
        });
        try {
            // page n + 1 is on its way while page n is saved and checkpointed (the cursor still moves only after the
            // save); its errors (an expired locator, a timeout) surface when the loop asks for it, handled below
            const prefetch = (page: { records: SalesforceRecord[]; apiUsage?: ApiUsage }): boolean => {
                options.observe?.(page.apiUsage);
                return !(options.shouldStop?.() ?? false) && (options.prefetch?.(page.records) ?? true);
            };
            for await (const page of queryPages(nango, soql, { all: options.includeDeleted, batchSize: options.batchSize, context: `sync ${options.sObject}`, prefetch })) {
                const last = page.records[page.records.length - 1];
                if (!last) continue;
                const next: KeysetCursor = { ts: normalizeDateTime(String(last[field])), id: String(last['Id']) };
                await options.onPage(page.records, next, page.apiUsage);
                cursor = next;
                records += page.records.length;
                pages++;
                restarts = 0;
                if (options.shouldStop?.()) {
                    return { cursor, records, pages, stopped: true };
                }
            }
        } catch (error) {
            const code = errorCodeOf(error);
            if (code === 'INVALID_QUERY_LOCATOR' && restarts < MAX_LOCATOR_RESTARTS) {
                restarts++;
                await nango.log(`The query cursor of ${options.sObject} expired; querying again from the last saved record.`, { level: 'warn' });
                continue;
            }
            if (code !== 'QUERY_TIMEOUT') throw error;
            if (windowFrom === null) {
                const from = cursor ? cursor.ts : await earliestStamp(nango, options, field);
                if (from === null) return { cursor, records, pages, stopped: false };
                windowFrom = new Date(from).getTime();
                span = Math.floor((upper - windowFrom) / 2);
            } else {
                // the cursor may have moved inside the window: halve what is left of it
                windowFrom = Math.max(windowFrom, cursor ? new Date(cursor.ts).getTime() : windowFrom);
                span = Math.floor((windowEnd - windowFrom) / 2);
            }
            if (span < MIN_WINDOW_MS) {
                throw error;
            }
            await nango.log(`The query of ${options.sObject} timed out; reading ${iso(windowFrom)} to ${iso(Math.min(upper, windowFrom + span))} first.`, { level: 'warn' });
            continue;
        }
        if (windowEnd >= upper) {
            return { cursor, records, pages, stopped: false };
        }
        // the window is done: the next one starts where it ended and is twice as long
        windowFrom = windowEnd;
        span *= 2;
    }
}
