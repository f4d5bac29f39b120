/**
 * The org's invocable actions and their parameters (Actions REST resources, REST API Developer Guide "Invocable
 * Actions", "Standard Invocable Actions", "Custom Invocable Actions"):
 *
 * - `GET /actions/standard` → `{"actions": [{"label", "name", "type"}]}`: the standard actions (emailSimple,
 *   chatterPost, submit…), `type` upper case (`EMAILSIMPLE`);
 * - `GET /actions/custom` → `{"apex": "/services/data/vXX.X/actions/custom/apex", "flow": "…", …}`: one entry per
 *   custom action type the org has;
 * - `GET /actions/custom/{type}` → `{"actions": [...]}` of that type (only active autolaunched flows for `flow`);
 * - `GET /actions/standard/{name}` or `/actions/custom/{type}/{name}` → the describe: `label`, `description`,
 *   `inputs` and `outputs`, each `{name, label, type, required, description, maxOccurs, sobjectType,
 *   picklistValues, byteLength}`.
 *
 * Listing costs 2 calls plus one per custom type; a describe costs one call per action, so parameters come only for
 * the page asked for (`includeParameters`), with the offset of the next page.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { assertActionType } from '../input/actions.js';
import { fitItems } from '../http/output.js';

export interface ActionSummary {
    /** `standard`, or the custom type (`flow`, `apex`…): what run-invocable-action takes as actionType. */
    actionType: string;
    name: string;
    label: string;
    /** Salesforce's own type, e.g. `EMAILSIMPLE`, `FLOW`, `APEX`. */
    salesforceType: string;
}

export interface ActionParameter {
    name: string;
    label: string;
    type: string;
    required: boolean;
    description: string | null;
    maxOccurs: number | null;
    sobjectType: string | null;
    picklistValues: string[] | null;
}

export interface DescribedAction extends ActionSummary {
    description: string | null;
    inputs: ActionParameter[] | null;
    outputs: ActionParameter[] | null;
    describeError: string | null;
}

function str(value: unknown): string {
    return typeof value === 'string' ? value : '';
}

function nullableStr(value: unknown): string | null {
    return typeof value === 'string' && value.length > 0 ? value : null;
}

function summaries(body: unknown, actionType: string): ActionSummary[] {
    const list = (body as { actions?: unknown } | null)?.actions;
    return (Array.isArray(list) ? list : [])
        .filter((a): a is Record<string, unknown> => a !== null && typeof a === 'object' && typeof (a as Record<string, unknown>)['name'] === 'string')
        .map((a) => ({ actionType, name: str(a['name']), label: str(a['label']) || str(a['name']), salesforceType: str(a['type']) }));
}

export interface ListOptions {
    standard: boolean;
    custom: boolean;
    /** Only these custom types (default: every type the org reports). */
    customTypes?: readonly string[];
}

/** Every action the options ask for, sorted (standard first, then by type and name), and the API calls made. */
export async function listActions(nango: NangoClient, options: ListOptions): Promise<{ actions: ActionSummary[]; apiCalls: number; skippedTypes: string[] }> {
    const actions: ActionSummary[] = [];
    const skippedTypes: string[] = [];
    let apiCalls = 0;
    if (options.standard) {
        const response = await request(nango, { method: 'GET', endpoint: paths.standardActions(), context: 'list standard actions' });
        apiCalls++;
        actions.push(...summaries(response.data, 'standard'));
    }
    if (options.custom) {
        let types: string[];
        if (options.customTypes && options.customTypes.length > 0) {
            types = [...new Set(options.customTypes)];
        } else {
            const response = await request<Record<string, unknown>>(nango, { method: 'GET', endpoint: paths.customActions(), context: 'list custom action types' });
            apiCalls++;
            types = Object.keys(response.data && typeof response.data === 'object' ? response.data : {});
        }
        for (const type of types) {
            try {
                assertActionType(type);
            } catch {
                // a type name Salesforce gave that cannot travel in a path: reported, never sent
                skippedTypes.push(type);
                continue;
            }
            const response = await request(nango, { method: 'GET', endpoint: paths.customActions(type), context: `list custom ${type} actions` });
            apiCalls++;
            actions.push(...summaries(response.data, type));
        }
    }
    const rank = (a: ActionSummary): string => `${a.actionType === 'standard' ? '0' : '1'}${a.actionType.toLowerCase()}\u0000${a.name.toLowerCase()}`;
    actions.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    return { actions, apiCalls, skippedTypes };
}

function parameters(value: unknown): ActionParameter[] {
    return (Array.isArray(value) ? value : [])
        .filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object')
        .map((p) => {
            const picklist = Array.isArray(p['picklistValues'])
                ? (p['picklistValues'] as unknown[]).map((v) => (v !== null && typeof v === 'object' ? str((v as Record<string, unknown>)['value']) : str(v))).filter((v) => v !== '')
                : null;
            return {
                name: str(p['name']),
                label: str(p['label']) || str(p['name']),
                type: str(p['type']),
                required: p['required'] === true,
                description: nullableStr(p['description']),
                maxOccurs: typeof p['maxOccurs'] === 'number' ? p['maxOccurs'] : null,
                sobjectType: nullableStr(p['sobjectType']),
                picklistValues: picklist && picklist.length > 0 ? picklist : null
            };
        });
}

/** Describes one action; a failure is kept on the entry (describeError) rather than failing the whole list. */
export async function describeAction(nango: NangoClient, action: ActionSummary): Promise<DescribedAction> {
    try {
        const response = await request<Record<string, unknown>>(nango, {
            method: 'GET',
            endpoint: action.actionType === 'flow' ? paths.flow(action.name) : paths.invocableAction(action.actionType, action.name),
            context: `describe ${action.actionType} action ${action.name}`
        });
        const body = response.data ?? {};
        return { ...action, description: nullableStr(body['description']), inputs: parameters(body['inputs']), outputs: parameters(body['outputs']), describeError: null };
    } catch (error) {
        const message = (error as { payload?: { message?: unknown } }).payload?.message;
        return { ...action, description: null, inputs: null, outputs: null, describeError: typeof message === 'string' ? message : 'describe failed' };
    }
}

/** A page of actions that fits the 2 MB output next to `envelope`; nextOffset continues after the last one kept. */
export function fitActionPage<T>(items: T[], envelope: unknown): { items: T[]; complete: boolean } {
    return fitItems(items, envelope);
}
