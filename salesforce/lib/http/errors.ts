/**
 * The one place that turns failures into what a caller sees.
 *
 * - `InputError`: thrown by the pure helpers (names, ids, SOQL) when an input is unsafe or malformed. No request
 *   has been made when it is thrown.
 * - `toActionError`: turns an `InputError`, a Salesforce error response (an error array, collections' `statusCode`
 *   form, OAuth's `{error, error_description}`) or a transport failure into one `nango.ActionError` whose payload
 *   is a `SalesforceErrorPayload`.
 */
import type { NangoAction } from 'nango';

/** What kind of failure it was, derived from the HTTP status and Salesforce's errorCode. */
export type ErrorType =
    | 'invalid_input'
    | 'not_found'
    | 'entity_deleted'
    | 'multiple_matches'
    | 'unauthorized'
    | 'forbidden'
    | 'request_limit_exceeded'
    | 'salesforce_error'
    | 'server_error'
    | 'network_error'
    | 'internal_error';

/** One Salesforce error, normalised: REST uses `errorCode`, per-record results use `statusCode`. */
export interface SalesforceError {
    errorCode: string;
    message: string;
    fields: string[];
}

/** The payload of every `ActionError` this package throws. */
export interface SalesforceErrorPayload {
    [key: string]: unknown;
    type: ErrorType;
    message: string;
    /** Salesforce's code (e.g. `NOT_FOUND`), or ours for local failures (`INVALID_INPUT`, `NETWORK_ERROR`). */
    errorCode: string;
    /** Field API names Salesforce blamed, or input paths for invalid input. */
    fields: string[];
    /** HTTP status Salesforce answered with; null when no request was made or none came back. */
    status: number | null;
    /** Every error Salesforce returned, when there were several. */
    errors: SalesforceError[];
}

export interface InputIssue {
    path: string;
    message: string;
}

/** A bad input found before any request was made. */
export class InputError extends Error {
    readonly issues: InputIssue[];
    constructor(issues: InputIssue[] | string, path = '') {
        const list = typeof issues === 'string' ? [{ path, message: issues }] : issues;
        super(list.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '));
        this.name = 'InputError';
        this.issues = list;
    }
}

/** A response from Salesforce with a status the caller did not accept. */
export class SalesforceResponseError extends Error {
    constructor(
        readonly status: number,
        readonly body: unknown,
        readonly context: string
    ) {
        super(`Salesforce answered ${status} to ${context}`);
        this.name = 'SalesforceResponseError';
    }
}

/**
 * A failure of this package's own code (a bug, or a limit of the runtime such as the stack), never of the network:
 * nothing says a retry would help, so it is reported as `internal_error`, not `network_error`.
 */
export class InternalError extends Error {
    constructor(
        message: string,
        readonly context: string
    ) {
        super(message);
        this.name = 'InternalError';
    }
}

/** A request that never got an HTTP answer (connection refused, reset, timeout). */
export class TransportError extends Error {
    constructor(
        message: string,
        readonly context: string
    ) {
        super(message);
        this.name = 'TransportError';
    }
}

function asString(value: unknown): string | undefined {
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Reads Salesforce's error array (or a single error object, or OAuth's error form) into normalised errors. */
export function normalizeSalesforceErrors(body: unknown): SalesforceError[] {
    const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
    const errors: SalesforceError[] = [];
    for (const item of list) {
        if (!item || typeof item !== 'object') {
            continue;
        }
        const entry = item as Record<string, unknown>;
        const errorCode = asString(entry['errorCode']) ?? asString(entry['statusCode']) ?? asString(entry['error']);
        const message = asString(entry['message']) ?? asString(entry['error_description']) ?? errorCode;
        if (!errorCode && !message) {
            continue;
        }
        const fields = Array.isArray(entry['fields']) ? entry['fields'].filter((f): f is string => typeof f === 'string') : [];
        errors.push({ errorCode: errorCode ?? 'UNKNOWN_ERROR', message: message ?? '', fields });
    }
    return errors;
}

/** Advice appended to messages for the errors users meet most; the README's troubleshooting table says the same. */
const ADVICE: Record<string, string> = {
    INVALID_SESSION_ID: 'The connection token is expired or revoked: reconnect the Salesforce connection in Nango.',
    REQUEST_LIMIT_EXCEEDED:
        "An org API limit was hit: if the message names concurrent requests, retry after a few seconds; if it is the daily TotalRequests limit, wait for the rolling 24-hour window or raise the limit.",
    INSUFFICIENT_ACCESS: "The connected user lacks permission: check the user's profile and permission sets.",
    INSUFFICIENT_ACCESS_OR_READONLY: "The connected user cannot edit this record: check sharing and the user's permissions.",
    ENTITY_IS_DELETED: 'The record is in the Recycle Bin: restore it in Salesforce or use another record.',
    INVALID_FIELD: 'Check the field API name (custom fields end in __c) and that the user can see it.',
    INVALID_TYPE: 'Check the sObject API name (custom objects end in __c) and that the user can see it.',
    REQUIRED_FIELD_MISSING: 'Add the listed required fields to the record.',
    MALFORMED_QUERY: 'Fix the SOQL syntax at the position Salesforce points to.',
    DUPLICATE_VALUE: 'A unique or external-id field already holds this value on another record.',
    DUPLICATES_DETECTED: "A duplicate rule blocked the write: update the matching record instead, or adjust the org's duplicate rules.",
    INVALID_QUERY_LOCATOR: 'The query cursor expired or is unknown: run the query again.'
};

/**
 * Both API limits answer 403 REQUEST_LIMIT_EXCEEDED and differ only in the message ("API Request Limits and
 * Allocations"; Salesforce Help 000389067): the daily allocation says "TotalRequests Limit exceeded.", the
 * concurrent long-running request limit "ConcurrentPerOrgLongTxn Limit exceeded." or "ConcurrentRequests
 * (Concurrent API Requests) Limit exceeded". The first clears only as the rolling 24-hour window moves; the second
 * as soon as the long-running requests (over 20 seconds) finish, usually within seconds.
 */
const LIMIT_ADVICE = {
    concurrent: 'Too many long-running requests are running in the org at once: this clears within seconds, retry after a short wait (a few seconds, backing off).',
    daily: "The org's daily API request allocation is used up: wait for the rolling 24-hour window to free requests or raise the limit; retrying sooner will fail again."
};

function adviceFor(errorCode: string, detail: string): string | undefined {
    if (errorCode === 'REQUEST_LIMIT_EXCEEDED') {
        if (/concurrent/i.test(detail)) return LIMIT_ADVICE.concurrent;
        if (/totalrequests/i.test(detail)) return LIMIT_ADVICE.daily;
    }
    return ADVICE[errorCode];
}

function errorTypeFor(status: number, errorCode: string): ErrorType {
    if (errorCode === 'ENTITY_IS_DELETED') return 'entity_deleted';
    if (errorCode === 'REQUEST_LIMIT_EXCEEDED') return 'request_limit_exceeded';
    if (status === 300) return 'multiple_matches';
    if (status === 401 || errorCode === 'INVALID_SESSION_ID') return 'unauthorized';
    if (status === 404 || errorCode === 'NOT_FOUND') return 'not_found';
    if (status === 403) return 'forbidden';
    if (status >= 500) return 'server_error';
    return 'salesforce_error';
}

/** Ids of the records a duplicate rule matched (DUPLICATES_DETECTED errors may carry a duplicateResult). */
export function duplicateRecordIds(body: unknown): string[] {
    const ids: string[] = [];
    for (const error of Array.isArray(body) ? body : [body]) {
        const matchResults = (error as { duplicateResult?: { matchResults?: unknown } } | null)?.duplicateResult?.matchResults;
        for (const match of Array.isArray(matchResults) ? matchResults : []) {
            const records = (match as { matchRecords?: unknown }).matchRecords;
            for (const entry of Array.isArray(records) ? records : []) {
                const id = (entry as { record?: { Id?: unknown } }).record?.Id;
                if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
            }
        }
    }
    return ids;
}

/** Builds the payload for a Salesforce error response. */
export function salesforceErrorPayload(status: number, body: unknown, context: string): SalesforceErrorPayload {
    const errors = normalizeSalesforceErrors(body);
    const duplicates = duplicateRecordIds(body);
    const first = errors[0];
    const errorCode = first?.errorCode ?? (status >= 500 ? 'SERVER_ERROR' : `HTTP_${status}`);
    const detail = errors.length > 0 ? errors.map((e) => e.message).join('; ') : `HTTP ${status} without an error body`;
    const advice = adviceFor(errorCode, detail);
    const fields = [...new Set(errors.flatMap((e) => e.fields))];
    return {
        type: errorTypeFor(status, errorCode),
        message: `${context} failed: ${errorCode}: ${detail}${advice ? ` ${advice}` : ''}`,
        errorCode,
        fields,
        status,
        errors,
        ...(duplicates.length > 0 ? { matchingRecordIds: duplicates } : {})
    };
}

export function inputErrorPayload(error: InputError, note = 'No request was sent to Salesforce.'): SalesforceErrorPayload {
    return {
        type: 'invalid_input',
        message: `Invalid input: ${error.message}. ${note}`,
        errorCode: 'INVALID_INPUT',
        fields: error.issues.map((issue) => issue.path).filter((p) => p.length > 0),
        status: null,
        errors: error.issues.map((issue) => ({ errorCode: 'INVALID_INPUT', message: issue.message, fields: issue.path ? [issue.path] : [] }))
    };
}

/** An ActionError carrying a payload of ours, built on the runtime's own class. */
export function actionError(nango: Pick<NangoAction, 'ActionError'>, payload: SalesforceErrorPayload): Error {
    return new nango.ActionError<SalesforceErrorPayload>(payload);
}

/** True for errors this module already converted (so wrappers do not convert twice). */
export function isActionError(nango: Pick<NangoAction, 'ActionError'>, error: unknown): boolean {
    return error instanceof nango.ActionError;
}

/** Converts anything thrown inside an action into an ActionError; unknown errors are rethrown as they are. */
export function toActionError(nango: Pick<NangoAction, 'ActionError'>, error: unknown): unknown {
    if (isActionError(nango, error)) {
        return error;
    }
    if (error instanceof InputError) {
        return actionError(nango, inputErrorPayload(error));
    }
    if (error instanceof SalesforceResponseError) {
        return actionError(nango, salesforceErrorPayload(error.status, error.body, error.context));
    }
    if (error instanceof TransportError) {
        return actionError(nango, {
            type: 'network_error',
            message: `${error.context} failed before Salesforce answered: ${error.message}`,
            errorCode: 'NETWORK_ERROR',
            fields: [],
            status: null,
            errors: []
        });
    }
    if (error instanceof InternalError) {
        return actionError(nango, internalErrorPayload(error.message, error.context));
    }
    return error;
}

/** The payload of a local failure: `internal_error`, not retriable, and no request was sent because of it. */
export function internalErrorPayload(detail: string, context = 'the action'): SalesforceErrorPayload {
    return {
        type: 'internal_error',
        message: `${context} failed inside this package, not at Salesforce or on the network (retrying will not help): ${detail.slice(0, 200).replace(/[^\x20-\x7e]/g, '?')}`,
        errorCode: 'INTERNAL_ERROR',
        fields: [],
        status: null,
        errors: []
    };
}

/** Like toActionError, but anything it does not know (a RangeError, a TypeError, a thrown string) becomes an `internal_error`. */
export function toTypedActionError(nango: Pick<NangoAction, 'ActionError'>, error: unknown, context?: string): Error {
    const converted = toActionError(nango, error);
    if (isActionError(nango, converted)) {
        return converted as Error;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return actionError(nango, internalErrorPayload(detail, context));
}
