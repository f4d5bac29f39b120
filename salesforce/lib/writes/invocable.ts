/**
 * Running invocable actions: flows, standard actions (emailSimple, chatterPost…) and custom ones (Apex, quick
 * actions, email alerts), through `POST /actions/standard/{name}` or `POST /actions/custom/{type}/{name}` with
 * `{"inputs": [{…}, …]}` (Actions Developer Guide, "Invocable Actions"; REST API Developer Guide, "Invocable
 * Actions").
 *
 * What Salesforce answers: an array with one result per input row, in input order, each
 * `{actionName, isSuccess, errors, outputValues}` (newer versions add `version`, `invocationId`, `sortOrder`);
 * `errors` is null on success, else a list of `{statusCode, message, fields}`; `outputValues` holds the flow's
 * output variables (with `Flow__InterviewStatus`) or the action's outputs, null when it has none. When a row fails the
 * HTTP status is 400 with that same array (⚠️ observed, not documented: we read the array whatever the status, 2xx or
 * 400); a request Salesforce cannot run at all (unknown action: 404 NOT_FOUND; bad body) answers the usual error
 * array `[{errorCode, message}]`, which becomes an ActionError.
 *
 * An invocation is never retried: it may send email, post to Chatter, create records or start approvals, and a second
 * attempt after a lost answer would do it again.
 */
import { paths, request, salesforceActionError, type NangoClient } from '../http/api.js';
import { actionError, normalizeSalesforceErrors, salesforceErrorPayload, type SalesforceError, type SalesforceErrorPayload } from '../http/errors.js';
import { OUTPUT_BUDGET_BYTES, jsonSize, omitLargestPayloads } from '../http/output.js';
import { outcomeUnknown } from './idempotent.js';

/** Longest error message kept per row (the rest is cut with an ellipsis). */
export const MAX_ROW_MESSAGE = 2_000;

export interface InvocationRowResult {
    index: number;
    isSuccess: boolean;
    outputValues: Record<string, unknown> | null;
    errors: SalesforceError[];
    /** outputValues was dropped to keep the output under 2 MB. */
    omitted: boolean;
}

export interface InvocationResult {
    actionName: string;
    results: InvocationRowResult[];
    /** Every row succeeded. */
    success: boolean;
    /** HTTP status Salesforce answered with (200, or 400 when a row failed). */
    status: number;
}

export interface InvocationTarget {
    /** `standard`, `flow`, `apex`, `quickAction`, `emailAlert`, … */
    type: string;
    name: string;
}

function isResultArray(body: unknown): body is Array<Record<string, unknown>> {
    return Array.isArray(body) && body.every((item) => item !== null && typeof item === 'object' && 'isSuccess' in item);
}

function shortMessage(message: string): string {
    return message.length > MAX_ROW_MESSAGE ? `${message.slice(0, MAX_ROW_MESSAGE)}…` : message;
}

function outputValuesOf(value: unknown): Record<string, unknown> | null {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Reads Salesforce's result array into one result per input row; a row Salesforce left out is reported failed. */
export function readInvocationResults(body: Array<Record<string, unknown>>, rows: number): InvocationRowResult[] {
    const results: InvocationRowResult[] = [];
    for (let index = 0; index < rows; index++) {
        const item = body[index];
        if (!item) {
            results.push({
                index,
                isSuccess: false,
                outputValues: null,
                errors: [{ errorCode: 'NO_RESULT', message: 'Salesforce returned no result for this input row; check in Salesforce whether it ran before repeating it.', fields: [] }],
                omitted: false
            });
            continue;
        }
        const isSuccess = item['isSuccess'] === true;
        const errors = normalizeSalesforceErrors(item['errors'] ?? []).map((e) => ({ ...e, message: shortMessage(e.message) }));
        results.push({
            index,
            isSuccess,
            outputValues: outputValuesOf(item['outputValues']),
            errors: isSuccess || errors.length > 0 ? errors : [{ errorCode: 'UNKNOWN_ERROR', message: 'Salesforce reported a failure without an error message.', fields: [] }],
            omitted: false
        });
    }
    return results;
}

/**
 * Invokes one action with `rows` (already validated), sent once: never retried. Rows that fail come back in the
 * results; a request Salesforce refuses as a whole throws an ActionError.
 */
export async function invokeAction(nango: NangoClient, target: InvocationTarget, rows: Array<Record<string, unknown>>, context: string): Promise<InvocationResult> {
    const endpoint = target.type === 'flow' ? paths.flow(target.name) : paths.invocableAction(target.type, target.name);
    const response = await request<unknown>(nango, {
        method: 'POST',
        endpoint,
        data: { inputs: rows },
        idempotent: false,
        accept: [400],
        context
    }).catch((error: unknown) => {
        throw mayHaveRun(nango, error);
    });
    if (!isResultArray(response.data)) {
        if (response.status === 400) {
            throw salesforceActionError(nango, salesforceErrorPayload(400, response.data, context), endpoint);
        }
        throw salesforceActionError(
            nango,
            { ...salesforceErrorPayload(response.status, [{ errorCode: 'UNEXPECTED_RESPONSE', message: 'Salesforce answered without a result per input row; check in Salesforce whether the action ran before repeating it.' }], context) },
            endpoint
        );
    }
    const first = response.data[0];
    const actionName = typeof first?.['actionName'] === 'string' ? first['actionName'] : target.name;
    const results = readInvocationResults(response.data, rows.length);
    return { actionName, results, success: results.every((r) => r.isSuccess), status: response.status };
}

/**
 * A write whose answer was lost (network error) or failed at the server may still have happened: the message says so,
 * since it is never retried automatically. Other errors pass unchanged.
 */
export function mayHaveRun(nango: NangoClient, error: unknown): unknown {
    if (!outcomeUnknown(nango, error)) return error;
    const payload = (error as { payload: SalesforceErrorPayload }).payload;
    return actionError(nango, {
        ...payload,
        message: `${payload.message} It may have run all the same: it is not retried automatically, so check its effects (records, emails, posts) before repeating it.`
    });
}

/** Keeps the results under Nango's 2 MB output limit by dropping the largest outputValues first (flagged `omitted`). */
export function fitInvocationOutput<E extends Record<string, unknown>>(results: InvocationRowResult[], envelope: E): InvocationRowResult[] {
    if (jsonSize(envelope) + jsonSize(results) <= OUTPUT_BUDGET_BYTES) return results;
    return omitLargestPayloads(results as unknown as Array<Record<string, unknown>>, 'outputValues', envelope) as unknown as InvocationRowResult[];
}

/**
 * The ActionError for a failed row of a one-row invocation (send-email, a single post): typed like any Salesforce
 * error (errorCode, fields, status), with `advice` added to the message.
 */
export function rowFailure(nango: NangoClient, row: InvocationRowResult, status: number, context: string, advice?: (errorCode: string) => string | undefined): Error {
    const payload = salesforceErrorPayload(status >= 400 ? status : 400, row.errors, context);
    const extra = advice?.(payload.errorCode);
    return actionError(nango, extra ? { ...payload, message: `${payload.message} ${extra}` } : payload);
}
