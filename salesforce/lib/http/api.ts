/**
 * http/: the seam to Salesforce — API version and paths, the one request function, errors, the query pager and the 2 MB output budget.
 *
 * The only module that talks to Salesforce. It owns the API version, builds every path from validated parts, and
 * sends every request through Nango's proxy with one retry policy:
 *
 * - reads (GET) and idempotent writes (PATCH, DELETE, upserts by external id) are retried on network errors, 5xx
 *   and 429 with Nango's exponential backoff;
 * - a POST that creates something is sent once and never retried, because a retry after a lost answer would create a
 *   duplicate record.
 *
 * Failures come back as `nango.ActionError`s from `errors.ts`.
 */
import type { NangoAction } from 'nango';

import {
    InputError,
    InternalError,
    TransportError,
    actionError,
    salesforceErrorPayload,
    toActionError,
    toTypedActionError,
    type SalesforceErrorPayload
} from './errors.js';
import { sObjectNameOfError, withSObjectSuggestions } from '../metadata/suggest.js';
import { KEY_PREFIXES, assertBulkJobId, assertIdWithPrefix, assertRecordId } from '../input/ids.js';
import { assertFieldName, assertSObjectName, printable } from '../input/names.js';
import { assertWellFormed } from '../input/shape.js';
import { assertActionName, assertActionType, assertFlowApiName } from '../input/actions.js';
import { assertApexRestPath } from '../input/apexrest.js';

/** The one Salesforce REST API version this package speaks (Spring '26). */
export const API_VERSION = 'v66.0';
/** Root of every versioned REST path. */
export const DATA_PATH = `/services/data/${API_VERSION}`;

/** How many times Nango retries a request that is safe to repeat. */
export const SAFE_RETRIES = 3;

/** Largest external-id value Salesforce stores (text external-id fields hold 255 characters). */
export const MAX_EXTERNAL_ID_LENGTH = 255;

/**
 * Longest request URI (path and query string, percent-encoded) Salesforce takes: "The length of the URI is limited to
 * 16,384 bytes" (REST API Developer Guide, Limits). A longer one is refused before it is sent; Salesforce (and
 * proxies before it) would answer 414 or 431 instead.
 */
export const MAX_URI_BYTES = 16_384;

/** Length in bytes of the percent-encoded request URI (endpoint plus query), as a client sends it. */
export function encodedUriLength(endpoint: string, params?: Record<string, string>): number {
    const query = Object.entries(params ?? {})
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
        .join('&');
    return encodeURI(endpoint).length + (query ? query.length + 1 : 0);
}

/**
 * Checks what will become the URL before anything is sent: no unpaired surrogate (encodeURIComponent would throw
 * URIError: URI malformed), and within Salesforce's URI limit.
 */
export function assertSendableUrl(endpoint: string, params?: Record<string, string>, context = 'the request'): void {
    assertWellFormed(endpoint, 'endpoint');
    for (const [key, value] of Object.entries(params ?? {})) {
        assertWellFormed(key, key);
        assertWellFormed(value, key);
    }
    const length = encodedUriLength(endpoint, params);
    if (length > MAX_URI_BYTES) {
        const longest = Object.entries(params ?? {}).sort((a, b) => b[1].length - a[1].length)[0];
        throw new InputError(
            `${context} would need a ${length}-byte URL, over Salesforce's ${MAX_URI_BYTES}-byte URI limit (encoded); shorten the input`,
            longest && longest[1].length > endpoint.length ? longest[0] : 'endpoint'
        );
    }
}

/** Errors JavaScript itself throws for a local fault (stack overflow, bad encoding, JSON): never the network's. */
function isLocalFault(error: unknown): error is Error {
    return error instanceof RangeError || error instanceof URIError || error instanceof SyntaxError;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The part of Nango's runtime this module needs; both actions and syncs provide it. */
export type NangoClient = Pick<NangoAction, 'proxy' | 'ActionError' | 'log'>;

export interface SalesforceRequest {
    method: HttpMethod;
    /** A path built by `paths` (never raw input). */
    endpoint: string;
    params?: Record<string, string>;
    data?: unknown;
    headers?: Record<string, string>;
    /** Safe to send twice. Defaults to true for GET, PATCH and DELETE, false for POST. */
    idempotent?: boolean;
    /** Statuses outside 2xx that the caller handles itself (e.g. 300 for several external-id matches). */
    accept?: number[];
    /** What the request does, for error messages: "get Account 001…". */
    context: string;
    /** 'text' for non-JSON answers (CSV, XML); 'arraybuffer' for binary ones (file content: the bytes as a Buffer). */
    responseType?: 'text' | 'arraybuffer';
}

export interface SalesforceResponse<T> {
    status: number;
    data: T;
    headers: Record<string, string>;
}

function headerMap(headers: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (headers && typeof headers === 'object') {
        for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
            if (value !== undefined && value !== null) {
                out[key.toLowerCase()] = String(value);
            }
        }
    }
    return out;
}

interface HttpErrorLike {
    response?: { status?: number; data?: unknown; headers?: unknown };
    message?: string;
    code?: string;
}

/** Sends one request through Nango's proxy and returns the response, or throws an ActionError. */
export async function request<T = unknown>(nango: NangoClient, req: SalesforceRequest): Promise<SalesforceResponse<T>> {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let status: number;
    let data: unknown;
    let headers: Record<string, string>;
    try {
        assertSendableUrl(req.endpoint, req.params, req.context);
    } catch (error) {
        throw toActionError(nango, error);
    }
    try {
        const response = await nango.proxy({
            method: req.method,
            endpoint: req.endpoint,
            retries: idempotent ? SAFE_RETRIES : 0,
            ...(req.params ? { params: req.params } : {}),
            ...(req.data !== undefined ? { data: req.data } : {}),
            ...(req.headers ? { headers: req.headers } : {}),
            ...(req.responseType ? { responseType: req.responseType } : {})
        });
        status = typeof response.status === 'number' ? response.status : 200;
        data = response.data;
        headers = headerMap(response.headers);
    } catch (error) {
        const http = error as HttpErrorLike;
        if (http && typeof http === 'object' && http.response && typeof http.response.status === 'number') {
            status = http.response.status;
            data = http.response.data;
            headers = headerMap(http.response.headers);
        } else if (isLocalFault(error)) {
            throw toActionError(nango, new InternalError(`${error.name}: ${error.message}`, req.context));
        } else if (error instanceof Error && !(error instanceof nango.ActionError)) {
            throw toActionError(nango, new TransportError(http.code ? `${http.code}: ${error.message}` : error.message, req.context));
        } else {
            throw error;
        }
    }
    const ok = (status >= 200 && status < 300) || (req.accept ?? []).includes(status);
    if (!ok) {
        throw salesforceActionError(nango, salesforceErrorPayload(status, data, req.context), req.endpoint);
    }
    return { status, data: data as T, headers };
}

/** The org's object names, one describe-global per action call (keyed by its runtime object); undefined if it fails. */
const objectNamesByCall = new WeakMap<object, Promise<string[] | undefined>>();

function orgObjectNames(nango: NangoClient): Promise<string[] | undefined> {
    let names = objectNamesByCall.get(nango);
    if (!names) {
        names = request<{ sobjects?: Array<{ name?: unknown }> }>(nango, { method: 'GET', endpoint: paths.describeGlobal(), context: 'describe global' }).then(
            (response) => (Array.isArray(response.data?.sobjects) ? response.data.sobjects.map((o) => o?.name).filter((n): n is string => typeof n === 'string') : undefined),
            () => undefined
        );
        objectNamesByCall.set(nango, names);
    }
    return names;
}

/** Errors that may be about a misspelled object, with the object name: `guarded` decides, actions only. */
const sObjectCandidates = new WeakMap<object, string>();

/**
 * The ActionError for a Salesforce error answer to `endpoint`. When it may be about a misspelled object (NOT_FOUND
 * for a /sobjects/{name} resource, INVALID_TYPE naming an object), the name is noted for `guarded`, which asks the
 * org (one describe-global) only when the error reaches an action: syncs never pay for it.
 */
export function salesforceActionError(nango: Pick<NangoAction, 'ActionError'>, payload: SalesforceErrorPayload, endpoint: string): Error {
    const error = actionError(nango, payload);
    const name = sObjectNameOfError(payload, endpoint);
    // a standard object every org has (Account, Contact…) is not misspelled: the error is about something else
    if (name !== undefined && !STANDARD_NAMES.has(name.toLowerCase())) sObjectCandidates.set(error, name);
    return error;
}

const STANDARD_NAMES = new Set(Object.keys(KEY_PREFIXES).map((name) => name.toLowerCase()));

/**
 * On the error path only: an error noted by `salesforceActionError` whose object the org does not have becomes
 * `not_found` with the nearest names in the message and `suggestions`. Any other error, an object the org has (the
 * error was about a record), or a failed describe-global leaves the error as it is.
 */
async function explainUnknownSObject(nango: NangoClient, error: Error): Promise<Error> {
    const name = sObjectCandidates.get(error);
    const payload = (error as { payload?: unknown }).payload as SalesforceErrorPayload | undefined;
    if (name === undefined || !payload || typeof payload !== 'object') return error;
    const names = await orgObjectNames(nango);
    const explained = names ? withSObjectSuggestions(payload, name, names) : payload;
    return explained === payload ? error : actionError(nango, explained);
}

/**
 * Runs a piece of an action and converts whatever is thrown inside it into an ActionError: input errors become
 * `invalid_input`, Salesforce's answers and transport failures their types, and anything unexpected (a RangeError,
 * a TypeError, a thrown string) `internal_error` — never `network_error`, which only the transport reports.
 */
export async function guarded<T>(nango: Pick<NangoAction, 'ActionError'>, work: () => Promise<T> | T): Promise<T> {
    try {
        return await work();
    } catch (error) {
        const converted = toTypedActionError(nango, error);
        throw 'proxy' in nango ? await explainUnknownSObject(nango as NangoClient, converted) : converted;
    }
}

/** Checks an external-id value before it becomes a path segment (or, with `inPath` false, a JSON body value). */
export function assertExternalIdValue(value: unknown, path = 'externalId', inPath = true): string {
    if (typeof value !== 'string' || value.length === 0) {
        throw new InputError('must be a non-empty string', path);
    }
    if (value.length > MAX_EXTERNAL_ID_LENGTH) {
        throw new InputError(`must be at most ${MAX_EXTERNAL_ID_LENGTH} characters`, path);
    }
    assertWellFormed(value, path);
    if (value.trim() === '.' || value.trim() === '..') {
        throw new InputError(`"${printable(value)}" cannot be an external id (it would name a parent path)`, path);
    }
    if (inPath && /[/\\]/.test(value)) {
        throw new InputError(
            `"${printable(value)}" contains / or \\, which cannot travel safely in a URL path; find such a record with query-records (WHERE the field = the value) instead`,
            path
        );
    }
    if (/[\u0000-\u001f\u007f]/.test(value)) {
        throw new InputError(`"${printable(value)}" contains control characters`, path);
    }
    return value;
}

/** Every Salesforce path this package calls, built from validated parts. */
export const paths = {
    versions: (): string => '/services/data/',
    resources: (): string => `${DATA_PATH}/`,
    describeGlobal: (): string => `${DATA_PATH}/sobjects/`,
    sobject: (sObject: string): string => `${DATA_PATH}/sobjects/${assertSObjectName(sObject)}`,
    describe: (sObject: string): string => `${paths.sobject(sObject)}/describe`,
    record: (sObject: string, recordId: string): string => `${paths.sobject(sObject)}/${assertRecordId(recordId, 'recordId', sObject)}`,
    byExternalId: (sObject: string, externalIdField: string, externalId: string): string =>
        `${paths.sobject(sObject)}/${assertFieldName(externalIdField, 'externalIdField')}/${encodeURIComponent(assertExternalIdValue(externalId))}`,
    query: (): string => `${DATA_PATH}/query`,
    queryAll: (): string => `${DATA_PATH}/queryAll`,
    composite: (): string => `${DATA_PATH}/composite`,
    compositeBatch: (): string => `${DATA_PATH}/composite/batch`,
    compositeGraph: (): string => `${DATA_PATH}/composite/graph`,
    collections: (): string => `${DATA_PATH}/composite/sobjects`,
    collectionsUpsert: (sObject: string, externalIdField: string): string =>
        `${DATA_PATH}/composite/sobjects/${assertSObjectName(sObject)}/${assertFieldName(externalIdField, 'externalIdField')}`,
    search: (): string => `${DATA_PATH}/search`,
    parameterizedSearch: (): string => `${DATA_PATH}/parameterizedSearch`,
    quickActions: (sObject?: string): string => (sObject ? `${paths.sobject(sObject)}/quickActions` : `${DATA_PATH}/quickActions`),
    quickActionDefaults: (actionName: string, sObject?: string, contextId?: string): string =>
        `${paths.quickActions(sObject)}/${assertQuickActionName(actionName)}/defaultValues${contextId ? `/${assertRecordId(contextId, 'contextId')}` : ''}`,
    recent: (): string => `${DATA_PATH}/recent`,
    limits: (): string => `${DATA_PATH}/limits`,
    /** Replication API: ids changed, or deleted, between two times. */
    updated: (sObject: string): string => `${paths.sobject(sObject)}/updated/`,
    deleted: (sObject: string): string => `${paths.sobject(sObject)}/deleted/`,
    /** Approval processes: submit, approve, reject (POST) and the list of processes (GET). */
    processApprovals: (): string => `${DATA_PATH}/process/approvals/`,
    /** The org's own Apex REST services: outside /services/data, the path checked by assertApexRestPath. */
    apexRest: (path: string): string => `/services/apexrest/${assertApexRestPath(path)}`,
    /** Invocable actions: the lists (standard, custom types, one custom type) and one action (describe GET, invoke POST). */
    standardActions: (): string => `${DATA_PATH}/actions/standard`,
    customActions: (type?: string): string => `${DATA_PATH}/actions/custom${type === undefined ? '' : `/${assertActionType(type, 'customType')}`}`,
    invocableAction: (type: string, name: string): string =>
        assertActionType(type) === 'standard' ? `${paths.standardActions()}/${assertActionName(name)}` : `${paths.customActions(type)}/${assertActionName(name)}`,
    flow: (flowApiName: string): string => `${DATA_PATH}/actions/custom/flow/${assertFlowApiName(flowApiName)}`,
    /** Bulk API 2.0 ingest jobs: create (POST), one job (GET, PATCH state), its CSV upload (PUT). */
    ingestJobs: (): string => `${DATA_PATH}/jobs/ingest`,
    ingestJob: (jobId: string): string => `${DATA_PATH}/jobs/ingest/${assertBulkJobId(jobId)}`,
    ingestJobData: (jobId: string): string => `${paths.ingestJob(jobId)}/batches`,
    /** Analytics REST API: the recent reports, one report (run), its describe, its asynchronous runs; dashboards. */
    reports: (): string => `${DATA_PATH}/analytics/reports`,
    report: (reportId: string): string => `${paths.reports()}/${assertIdWithPrefix(reportId, 'reportId', ['00O'], 'a report id (starts with 00O)')}`,
    reportDescribe: (reportId: string): string => `${paths.report(reportId)}/describe`,
    reportInstances: (reportId: string): string => `${paths.report(reportId)}/instances`,
    reportInstance: (reportId: string, instanceId: string): string =>
        `${paths.reportInstances(reportId)}/${assertIdWithPrefix(instanceId, 'instanceId', ['0LG'], 'a report instance id (starts with 0LG)')}`,
    dashboards: (): string => `${DATA_PATH}/analytics/dashboards`,
    dashboard: (dashboardId: string): string => `${paths.dashboards()}/${assertIdWithPrefix(dashboardId, 'dashboardId', ['01Z'], 'a dashboard id (starts with 01Z)')}`,
    /** UI API: the values of one picklist field that one record type offers. */
    picklistValues: (sObject: string, recordTypeId: string, field: string): string =>
        `${DATA_PATH}/ui-api/object-info/${assertSObjectName(sObject)}/picklist-values/${assertRecordId(recordTypeId, 'recordTypeId', 'RecordType')}/${assertFieldName(field, 'field')}`,
    /** Connect REST API: post a feed element (a Chatter post). */
    feedElements: (): string => `${DATA_PATH}/chatter/feed-elements`,
    userInfo: (): string => '/services/oauth2/userinfo'
};

/** A quick action name: `LogACall`, or object-qualified `Account.New_Account`. */
export function assertQuickActionName(value: unknown, path = 'actionName'): string {
    const parts = typeof value === 'string' ? value.split('.') : [];
    if (parts.length < 1 || parts.length > 2 || parts.some((p) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(p) || p.endsWith('_') || p.length > 80)) {
        throw new InputError(`"${printable(String(value))}" is not a quick action name such as LogACall or Account.New_Account`, path);
    }
    return value as string;
}
