/**
 * Approval processes: /services/data/vXX.X/process/approvals/ (REST API Developer Guide, "Process Approvals",
 * "Get Process Approvals", "Submit, Approve, or Reject Process Approvals"; API 30.0+).
 *
 * What the docs say: GET lists the org's approval processes by object ({"approvals": {"Account": [{description, id,
 * name, object, sortOrder}]}}). POST takes {"requests": [{actionType: Submit|Approve|Reject, contextId,
 * contextActorId, comments, nextApproverIds, processDefinitionNameOrId, skipEntryCriteria}]}: Submit's contextId is
 * the record, Approve's and Reject's the pending work item (ProcessInstanceWorkitem, 04i). Each result is {actorIds,
 * entityId, errors, instanceId (ProcessInstance, 04g), instanceStatus, newWorkitemIds, success}; "the requests that
 * succeed are committed and the requests that don't succeed send back an error". Without a process name, the first
 * process of the object whose entry criteria the record meets is used; skipEntryCriteria applies to a named process.
 *
 * Simplified here: one seeded single-step process, Opportunity_Discount_Approval on Opportunity (entry criteria:
 * not closed and Amount > 0); its approver is nextApproverIds[0] if given (an active user), else the API user. A
 * submit writes a ProcessInstance (Pending) and one ProcessInstanceWorkitem; approve or reject completes the
 * instance (Approved / Rejected, CompletedDate) and purges the work item, as Salesforce removes decided items. No
 * record locking, no email, no final approval field updates, no delegated approvers or queues. A single request
 * that fails answers 400 with the error array; with several requests, each failure is reported in its result.
 * Error codes: NO_APPLICABLE_PROCESS ("No applicable approval process was found."), ALREADY_IN_PROCESS (a record
 * already pending), INVALID_CROSS_REFERENCE_KEY (an id that names no live record / no pending work item, or an
 * approver who is not an active user), JSON_PARSER_ERROR for a malformed body or actionType; these wordings come
 * from answers seen from orgs, not from a recording here.
 */
import { SfError } from '../errors.js';
import { json, jsonBody, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { Rec } from '../org/values.js';
import type { SalesforceState } from '../state.js';

interface ProcessDefinition {
    id: string;
    name: string;
    object: string;
    description: string;
    sortOrder: number;
    entry: (rec: Rec) => boolean;
}

const PROCESSES: ProcessDefinition[] = [
    {
        id: to18('04a5g0000004Ap1') ?? '04a5g0000004Ap1',
        name: 'Opportunity_Discount_Approval',
        object: 'Opportunity',
        description: 'Open opportunities with an amount go to a manager for approval.',
        sortOrder: 1,
        entry: (rec) => rec['IsClosed'] !== true && typeof rec['Amount'] === 'number' && rec['Amount'] > 0
    }
];

interface Result {
    actorIds: string[];
    entityId: string | null;
    errors: Array<{ message: string; statusCode: string; fields: string[] }> | null;
    instanceId: string | null;
    instanceStatus: string | null;
    newWorkitemIds: string[];
    success: boolean;
}

const fail = (code: string, message: string): SfError => new SfError(400, code, message, []);

export function processApprovals(req: Req, s: SalesforceState, method: string, parts: string[]): Res {
    const endpoint = `${method} /process/approvals`;
    if (parts[0] !== 'approvals' || parts.length > 1) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (method === 'GET') {
        const approvals: Record<string, unknown[]> = {};
        for (const p of PROCESSES) (approvals[p.object] ??= []).push({ description: p.description, id: p.id, name: p.name, object: p.object, sortOrder: p.sortOrder });
        return { ...json(200, { approvals }), endpoint };
    }
    if (method !== 'POST') return { ...json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,POST`, errorCode: 'METHOD_NOT_ALLOWED' }]), endpoint };
    const body = jsonBody(req);
    const requests = body['requests'];
    if (!Array.isArray(requests) || requests.length === 0) throw new SfError(400, 'JSON_PARSER_ERROR', 'The request body needs a non-empty requests array');
    const results = requests.map((r) => {
        try {
            return s.org.atomically(() => one(s, (r && typeof r === 'object' ? r : {}) as Record<string, unknown>));
        } catch (err) {
            if (!(err instanceof SfError)) throw err;
            if (requests.length === 1) throw err;
            const failed: Result = { actorIds: [], entityId: null, errors: [{ message: err.message, statusCode: err.errorCode, fields: err.fields ?? [] }], instanceId: null, instanceStatus: null, newWorkitemIds: [], success: false };
            return failed;
        }
    });
    return { ...json(200, results), endpoint };
}

function liveUser(s: SalesforceState, raw: unknown): string {
    const id = typeof raw === 'string' ? to18(raw) : null;
    const user = id && keyPrefixOf(id) === '005' ? s.org.get(id) : undefined;
    if (!user || user['IsActive'] !== true) throw fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${String(raw)}`);
    return user['Id'] as string;
}

function one(s: SalesforceState, r: Record<string, unknown>): Result {
    const org = s.org;
    const actionType = r['actionType'];
    const contextId = typeof r['contextId'] === 'string' ? to18(r['contextId']) : null;
    if (actionType !== 'Submit' && actionType !== 'Approve' && actionType !== 'Reject') {
        throw new SfError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of actionType from value ${JSON.stringify(actionType ?? null)}: expected Submit, Approve or Reject`);
    }
    if (!contextId) throw fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${String(r['contextId'] ?? '')}`);
    const approvers = Array.isArray(r['nextApproverIds']) ? r['nextApproverIds'] : [];
    if (actionType === 'Submit') {
        const rec = org.get(contextId);
        const def = org.typeOf(contextId);
        if (!rec || !def || rec['IsDeleted'] === true) throw fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${contextId}`);
        const pending = org.list('ProcessInstance').some((pi) => pi['TargetObjectId'] === contextId && pi['Status'] === 'Pending');
        if (pending) throw fail('ALREADY_IN_PROCESS', 'Cannot submit object already in process.');
        const named = typeof r['processDefinitionNameOrId'] === 'string' ? r['processDefinitionNameOrId'] : undefined;
        const skip = r['skipEntryCriteria'] === true || r['skipEntryCriteria'] === 'true';
        const candidates = PROCESSES.filter((p) => p.object === def.name && (named === undefined || p.name === named || p.id === to18(named)));
        const process = candidates.find((p) => (skip && named !== undefined) || p.entry(rec));
        if (!process) throw fail('NO_APPLICABLE_PROCESS', 'No applicable approval process was found.');
        const approver = approvers.length > 0 ? liveUser(s, approvers[0]) : org.apiUserId;
        const submitter = r['contextActorId'] !== undefined ? liveUser(s, r['contextActorId']) : org.apiUserId;
        const instance = org.insertRaw('ProcessInstance', { TargetObjectId: contextId, Status: 'Pending', SubmittedById: submitter, LastActorId: submitter, CompletedDate: null });
        const item = org.insertRaw('ProcessInstanceWorkitem', { ProcessInstanceId: instance['Id'] as string, ActorId: approver, OriginalActorId: approver });
        return { actorIds: [approver], entityId: contextId, errors: null, instanceId: instance['Id'] as string, instanceStatus: 'Pending', newWorkitemIds: [item['Id'] as string], success: true };
    }
    const item = keyPrefixOf(contextId) === '04i' ? org.get(contextId) : undefined;
    if (!item || item['IsDeleted'] === true) throw fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${contextId}`);
    if (approvers.length > 0) liveUser(s, approvers[0]);
    const instanceId = item['ProcessInstanceId'] as string;
    const instance = org.get(instanceId);
    const status = actionType === 'Approve' ? 'Approved' : 'Rejected';
    org.updateRaw(instanceId, { Status: status, CompletedDate: org.now(), LastActorId: org.apiUserId, LastModifiedDate: org.now() });
    org.hardDelete(contextId);
    return { actorIds: [], entityId: (instance?.['TargetObjectId'] as string | undefined) ?? null, errors: null, instanceId, instanceStatus: status, newWorkitemIds: [], success: true };
}
