/**
 * Names of invocable actions (Actions REST resources, `/actions/standard/{name}`, `/actions/custom/{type}/{name}`)
 * and of their input parameters, checked before they reach a URL path or a request body.
 *
 * What the names look like (Actions Developer Guide, "Invocable Actions" and the per-type pages):
 * - a standard action: one camelCase identifier, e.g. `emailSimple`, `chatterPost`, `submit`;
 * - a custom action type: one identifier, e.g. `flow`, `apex`, `quickAction`, `emailAlert`;
 * - a flow: its API name (letters, digits, single underscores, starting with a letter; a managed package's flow is
 *   `namespace__Flow_Name`);
 * - an Apex invocable action: the class name (`namespace__ClassName` in a package);
 * - a quick action or email alert: `Object.Name` (`Account.LogACall`, `Case.Escalation_Alert`) or a global `Name`.
 *
 * These are not SOQL names, so SOQL keywords are fine (a flow may be called `Order`), but nothing else passes: no
 * slashes, dots beyond the one object separator, `%`, spaces, quotes or control characters.
 */
import { InputError } from '../http/errors.js';
import { API_NAME_PATTERN, printable } from './names.js';

const API_NAME_RE = new RegExp(API_NAME_PATTERN);
const SEGMENT = '[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*';
/** A developer name, optionally behind one namespace: `Score_Lead`, `acme__Score_Lead` (no other double underscore). */
const DEVELOPER_NAME_RE = new RegExp(`^(?:(${SEGMENT})__)?(${SEGMENT})$`);

/** Longest developer name (flows, Apex classes, variables: 80 characters) and namespace prefix (15). */
export const MAX_DEVELOPER_NAME = 80;
export const MAX_NAMESPACE = 15;
/** Longest flow API name with its namespace. */
export const MAX_FLOW_NAME_LENGTH = MAX_NAMESPACE + 2 + MAX_DEVELOPER_NAME;
/** Pattern of an action type: `standard`, or one custom type such as `flow` or `apex`. */
export const ACTION_TYPE_PATTERN = '^[A-Za-z][A-Za-z0-9]{0,39}$';
const ACTION_TYPE_RE = new RegExp(ACTION_TYPE_PATTERN);

/** Most input rows one invocation sends (our limit: each row is one interview or action run, results must fit 2 MB). */
export const MAX_INVOCATION_ROWS = 200;
/** Most parameters one input row may set. */
export const MAX_ROW_PARAMETERS = 200;

function isDeveloperName(value: unknown): value is string {
    // length first: the pattern is only ever run on short strings
    const m = typeof value === 'string' && value.length <= MAX_FLOW_NAME_LENGTH ? DEVELOPER_NAME_RE.exec(value) : null;
    return m !== null && (m[1] ?? '').length <= MAX_NAMESPACE && (m[2] ?? '').length <= MAX_DEVELOPER_NAME;
}

/** The object part of `Object.Action`: an sObject API name (`Account`, `acme__Invoice__c`). */
function isObjectName(value: string): boolean {
    return value.length <= 80 && API_NAME_RE.test(value);
}

/** A flow API name such as `Create_Follow_Up_Task` or `acme__Score_Lead`. */
export function assertFlowApiName(value: unknown, path = 'flowApiName'): string {
    if (!isDeveloperName(value)) {
        const shown = typeof value === 'string' ? `"${printable(value)}"` : String(value);
        throw new InputError(
            `${shown} is not a flow API name (letters, digits and single underscores, starting with a letter, at most 80 characters after an optional namespace__, e.g. Create_Follow_Up_Task; the API name from Setup → Flows, not the label)`,
            path
        );
    }
    return value;
}

/** `standard`, or a custom action type such as `flow`, `apex`, `quickAction`, `emailAlert`. */
export function assertActionType(value: unknown, path = 'actionType'): string {
    if (typeof value !== 'string' || !ACTION_TYPE_RE.test(value)) {
        const shown = typeof value === 'string' ? `"${printable(value)}"` : String(value);
        throw new InputError(`${shown} is not an action type: "standard", or a custom type such as "flow", "apex", "quickAction" or "emailAlert" (see list-invocable-actions)`, path);
    }
    return value;
}

/** An action name: `emailSimple`, `My_Flow`, `acme__MyApexAction`, or `Account.LogACall`. */
export function assertActionName(value: unknown, path = 'actionName'): string {
    const parts = typeof value === 'string' ? value.split('.') : [];
    const valid = parts.length === 1 ? isDeveloperName(parts[0]) : parts.length === 2 && isObjectName(parts[0] ?? '') && isDeveloperName(parts[1]);
    if (!valid) {
        const shown = typeof value === 'string' ? `"${printable(value)}"` : String(value);
        throw new InputError(`${shown} is not an invocable action name such as emailSimple, Create_Follow_Up_Task or Account.LogACall (see list-invocable-actions)`, path);
    }
    return value as string;
}

/** The name of an input parameter (a flow input variable, an Apex @InvocableVariable, a standard action's input). */
export function assertParameterName(value: unknown, path: string): string {
    if (!isDeveloperName(value)) {
        const shown = typeof value === 'string' ? `"${printable(value, 40)}"` : String(value);
        throw new InputError(`${shown} is not an input parameter name (letters, digits and single underscores, starting with a letter, e.g. recordId)`, path);
    }
    return value;
}

/**
 * Checks the input rows of an invocation: 1–MAX_INVOCATION_ROWS objects whose keys are parameter names. Values are
 * passed on as JSON (the parse of the whole input already refused lone surrogates and deep nesting).
 */
export function assertInputRows(rows: unknown, path = 'inputs'): Array<Record<string, unknown>> {
    if (!Array.isArray(rows) || rows.length === 0) {
        throw new InputError('must be a non-empty list of input rows, e.g. [{"recordId": "001…"}] (one row per run)', path);
    }
    if (rows.length > MAX_INVOCATION_ROWS) {
        throw new InputError(`has ${rows.length} rows; at most ${MAX_INVOCATION_ROWS} are sent in one call: split them`, path);
    }
    return rows.map((row, index) => {
        if (row === null || typeof row !== 'object' || Array.isArray(row)) {
            throw new InputError('must be an object of parameter names and values', `${path}.${index}`);
        }
        const keys = Object.keys(row);
        if (keys.length > MAX_ROW_PARAMETERS) {
            throw new InputError(`sets ${keys.length} parameters; at most ${MAX_ROW_PARAMETERS} are accepted`, `${path}.${index}`);
        }
        const out: Record<string, unknown> = {};
        for (const key of keys) {
            assertParameterName(key, `${path}.${index}.${printable(key, 40)}`);
            Object.defineProperty(out, key, { value: (row as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
        }
        return out;
    });
}
