/**
 * SOQL query pages: the first page from `/query` or `/queryAll`, the next ones from the `nextRecordsUrl` locator
 * path, one API call each. `queryPages` walks them all as an async iterator, holding one page at a time.
 */
import { DATA_PATH, paths, request, type NangoClient } from './api.js';
import { InputError } from './errors.js';
import { printable } from '../input/names.js';
import { fitItems } from './output.js';
import { MAX_SOQL_LENGTH } from '../soql/builder.js';

/** Page sizes Salesforce accepts in `Sforce-Query-Options: batchSize=N`. */
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2_000;

/** A record as the REST API returns it: field API names, plus `attributes` with its type and URL. */
export type SalesforceRecord = Record<string, unknown> & { attributes?: { type: string; url?: string } };

export interface QueryPage<R = SalesforceRecord> {
    totalSize: number;
    done: boolean;
    records: R[];
    nextRecordsUrl?: string;
    /** The org's daily API usage after this call, from Sforce-Limit-Info, when Salesforce sent it. */
    apiUsage?: ApiUsage;
}

export interface ApiUsage {
    used: number;
    max: number;
}

/** Reads `Sforce-Limit-Info: api-usage=18/15000`. */
export function parseApiUsage(header: string | undefined): ApiUsage | undefined {
    const match = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
    return match ? { used: Number(match[1]), max: Number(match[2]) } : undefined;
}

export interface QueryOptions {
    /** Include deleted and archived records (`queryAll`). */
    all?: boolean;
    /** Preferred page size, 200–2000 (Salesforce may return fewer). */
    batchSize?: number | undefined;
    /** For error messages. */
    context?: string;
}

/** A locator path such as `/services/data/v66.0/query/01gRO0000016PIAYA2-2000` (queryAll locators also use /query/). */
const LOCATOR_RE = /^\/services\/data\/v\d{2,3}\.\d\/query(?:All)?\/([A-Za-z0-9]{15,40})(?:-(\d{1,10}))?$/;

export interface QueryLocator {
    path: string;
    locator: string;
    /** Row offset the locator starts at (0 when the path carries none). */
    offset: number;
}

/** Accepts only a query-locator path of the connected org; never an absolute URL or another resource. */
export function parseQueryLocator(value: unknown, path = 'nextRecordsUrl'): QueryLocator {
    if (typeof value !== 'string') {
        throw new InputError('must be the nextRecordsUrl string of a previous query page', path);
    }
    const match = LOCATOR_RE.exec(value);
    if (!match) {
        throw new InputError(
            `"${printable(value)}" is not a Salesforce query locator path; pass the nextRecordsUrl of a previous page exactly, e.g. ${DATA_PATH}/query/01gRO0000016PIAYA2-2000`,
            path
        );
    }
    return { path: value, locator: match[1] ?? '', offset: Number(match[2] ?? 0) };
}

/** The locator path that starts `skip` rows after the given one (used to continue a page cut short). */
export function locatorAt(locator: QueryLocator, offset: number): string {
    const base = locator.path.replace(/-\d+$/, '');
    return `${base}-${offset}`;
}

export function assertBatchSize(value: unknown, path = 'batchSize'): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_BATCH_SIZE || value > MAX_BATCH_SIZE) {
        throw new InputError(`must be a whole number from ${MIN_BATCH_SIZE} to ${MAX_BATCH_SIZE}`, path);
    }
    return value;
}

function queryHeaders(batchSize: number | undefined): Record<string, string> | undefined {
    return batchSize === undefined ? undefined : { 'Sforce-Query-Options': `batchSize=${assertBatchSize(batchSize)}` };
}

function asPage<R>(data: unknown, headers: Record<string, string> = {}): QueryPage<R> {
    const page = (data ?? {}) as Partial<QueryPage<R>>;
    const apiUsage = parseApiUsage(headers['sforce-limit-info']);
    return {
        totalSize: typeof page.totalSize === 'number' ? page.totalSize : 0,
        done: page.done !== false,
        records: Array.isArray(page.records) ? page.records : [],
        ...(typeof page.nextRecordsUrl === 'string' && page.done === false ? { nextRecordsUrl: page.nextRecordsUrl } : {}),
        ...(apiUsage ? { apiUsage } : {})
    };
}

/** Runs a SOQL statement and returns its first page. */
export async function queryFirstPage<R = SalesforceRecord>(nango: NangoClient, soql: string, options: QueryOptions = {}): Promise<QueryPage<R>> {
    if (soql.trim().length === 0) {
        throw new InputError('must be a SOQL statement such as SELECT Id, Name FROM Account', 'query');
    }
    if (soql.length > MAX_SOQL_LENGTH) {
        throw new InputError(`is ${soql.length} characters; Salesforce accepts at most ${MAX_SOQL_LENGTH}`, 'query');
    }
    const headers = queryHeaders(options.batchSize);
    const response = await request(nango, {
        method: 'GET',
        endpoint: options.all ? paths.queryAll() : paths.query(),
        params: { q: soql },
        ...(headers ? { headers } : {}),
        context: options.context ?? (options.all ? 'queryAll' : 'query')
    });
    return asPage<R>(response.data, response.headers);
}

/** Fetches the page a locator path points to. */
export async function queryNextPage<R = SalesforceRecord>(nango: NangoClient, nextRecordsUrl: string, options: QueryOptions = {}): Promise<QueryPage<R>> {
    const locator = parseQueryLocator(nextRecordsUrl);
    const headers = queryHeaders(options.batchSize);
    const response = await request(nango, {
        method: 'GET',
        endpoint: locator.path,
        ...(headers ? { headers } : {}),
        context: options.context ?? 'query more results'
    });
    return asPage<R>(response.data, response.headers);
}

export interface PagesOptions<R> extends QueryOptions {
    /**
     * Asked when a page arrives that has a next one: true requests the next page at once, so it is on its way while
     * the caller works on this one (at most one page ahead). Its answer, or its error, is handed over only when the
     * caller asks for the next page; a caller that stops early (break, return, a throw) waits for it to settle and
     * never sees it. Without it, each page is requested only when the caller asks for it.
     */
    prefetch?: (page: QueryPage<R>) => boolean;
}

const ignore = (): void => undefined;

/** What queryPages holds while it waits for the next page (nothing of the last one). */
const DONE_PAGE: QueryPage<never> = { totalSize: 0, done: true, records: [] };

/** Every page of a query, one at a time (the next one fetched ahead when `prefetch` says so); the caller decides what to keep. */
export async function* queryPages<R = SalesforceRecord>(nango: NangoClient, soql: string, options: PagesOptions<R> = {}): AsyncGenerator<QueryPage<R>, void, undefined> {
    let page = await queryFirstPage<R>(nango, soql, options);
    for (;;) {
        const next = !page.done && page.nextRecordsUrl ? page.nextRecordsUrl : undefined;
        let ahead: Promise<QueryPage<R>> | undefined;
        if (next !== undefined && options.prefetch?.(page)) {
            ahead = queryNextPage<R>(nango, next, options);
            // handled when the caller asks for the page; until then (or if it never does) it must not count as unhandled
            ahead.catch(ignore);
        }
        let resumed = false;
        try {
            yield page;
            resumed = true;
        } finally {
            // the caller stopped: no request of ours outlives the loop, and its outcome is dropped
            if (!resumed && ahead) await ahead.then(ignore, ignore);
        }
        if (next === undefined) return;
        const coming = ahead ?? queryNextPage<R>(nango, next, options);
        // the caller is done with this page: let it go before the next one arrives and is parsed, so that the
        // collector never has two pages to keep (holding it here copied every record once more per page)
        page = DONE_PAGE as QueryPage<R>;
        page = await coming;
    }
}

/** One page as an action returns it (see `queryPageSchema`). */
export interface QueryPageOutput {
    totalSize: number;
    done: boolean;
    records: SalesforceRecord[];
    nextRecordsUrl: string | null;
    truncated: boolean;
}

function tryParseLocator(value: string): QueryLocator | undefined {
    try {
        return parseQueryLocator(value);
    } catch {
        try {
            return parseToolingLocator(value);
        } catch {
            return undefined;
        }
    }
}

/** A Tooling API query locator path such as `/services/data/v66.0/tooling/query/01gRO0000016PIAYA2-2000`. */
const TOOLING_LOCATOR_RE = /^\/services\/data\/v\d{2,3}\.\d\/tooling\/query\/([A-Za-z0-9]{15,40})(?:-(\d{1,10}))?$/;

/** Accepts only a Tooling API query-locator path of the connected org (run-tooling-query's continuation). */
export function parseToolingLocator(value: unknown, path = 'nextRecordsUrl'): QueryLocator {
    const match = typeof value === 'string' ? TOOLING_LOCATOR_RE.exec(value) : null;
    if (!match) {
        throw new InputError(
            `"${printable(typeof value === 'string' ? value : String(value))}" is not a Tooling API query locator path; pass the nextRecordsUrl of a previous run-tooling-query page exactly, e.g. ${DATA_PATH}/tooling/query/01gRO0000016PIAYA2-2000`,
            path
        );
    }
    return { path: value as string, locator: match[1] ?? '', offset: Number(match[2] ?? 0) };
}

/** One page of a Tooling API query: the first from `/tooling/query?q=`, or the one a Tooling locator path names. */
export async function toolingQueryPage(nango: NangoClient, from: { soql: string } | { locator: QueryLocator }, options: QueryOptions = {}): Promise<QueryPage> {
    const headers = queryHeaders(options.batchSize);
    const response = await request(nango, {
        method: 'GET',
        endpoint: 'soql' in from ? `${DATA_PATH}/tooling/query` : from.locator.path,
        ...('soql' in from ? { params: { q: from.soql } } : {}),
        ...(headers ? { headers } : {}),
        context: options.context ?? ('soql' in from ? 'Tooling API query' : 'Tooling API query, next page')
    });
    return asPage(response.data, response.headers);
}

/**
 * Shapes a page for an action's output and keeps it under Nango's 2 MB limit. A page that does not fit is cut after
 * the last record that does, and `nextRecordsUrl` then points at the row right after it (locators carry a row offset),
 * so no row is lost. `requested` is the locator the page was fetched with, if any.
 */
export function pageOutput(page: QueryPage, requested?: QueryLocator): QueryPageOutput {
    const next = page.nextRecordsUrl ?? null;
    const envelope: QueryPageOutput = { totalSize: page.totalSize, done: page.done, records: [], nextRecordsUrl: next ?? requested?.path ?? '', truncated: true };
    const fitted = fitItems(page.records, envelope);
    if (fitted.complete) {
        return { totalSize: page.totalSize, done: page.done, records: page.records, nextRecordsUrl: next, truncated: false };
    }
    const reference = next ? tryParseLocator(next) : requested;
    let continuation: string | null = null;
    if (reference) {
        const pageStart = next ? reference.offset - page.records.length : reference.offset;
        continuation = locatorAt(reference, pageStart + fitted.items.length);
    }
    return { totalSize: page.totalSize, done: false, records: fitted.items, nextRecordsUrl: continuation, truncated: true };
}

/**
 * The first page of a query as an action returns it (see pageOutput), read by `read` with the given page size. A page
 * holding every row (done, no locator) that must be cut to fit 2 MB would leave no way to the rest: the query is then
 * run again in pages of as many rows as fitted (at least 200), whose locator continues after the last row returned.
 * One more request, only for such a page; when even pages of 200 would hold every row, the cut page is returned as it
 * is (truncated, no nextRecordsUrl: select fewer fields or narrow the query).
 */
export async function firstPageOutput(read: (batchSize: number | undefined) => Promise<QueryPage>, batchSize: number | undefined): Promise<{ page: QueryPage; output: QueryPageOutput }> {
    const page = await read(batchSize);
    const output = pageOutput(page);
    if (!output.truncated || page.nextRecordsUrl) return { page, output };
    const smaller = Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, output.records.length));
    if (smaller >= page.records.length) return { page, output };
    const again = await read(smaller);
    return { page: again, output: pageOutput(again) };
}
