/**
 * Approval processes through the REST resource `/process/approvals/` (REST API Developer Guide, "Process Approvals",
 * "Submit, Approve, or Reject Process Approvals", API 30.0+).
 *
 * POST takes `{"requests": [{actionType, contextId, comments, nextApproverIds, contextActorId,
 * processDefinitionNameOrId, skipEntryCriteria}]}`: actionType Submit (contextId = the record), Approve or Reject
 * (contextId = the pending work item, ProcessInstanceWorkitem, prefix 04i). The answer is one result per request:
 * `{actorIds, entityId, errors, instanceId (ProcessInstance, 04g), instanceStatus, newWorkitemIds, success}`.
 * Requests that succeed are committed, the others answer with errors. A refused single request comes back as an
 * error array (e.g. NO_APPLICABLE_PROCESS when no active process applies or the record fails the entry criteria,
 * ALREADY_IN_PROCESS when the record is already pending). Each request is sent once: submitting twice would fail,
 * approving twice would act on the next step.
 *
 * Pending work items have no REST resource of their own: they are read with SOQL on ProcessInstanceWorkitem.
 */
import * as z from 'zod';

import { paths, request, type NangoClient } from '../http/api.js';
import { actionError, salesforceErrorPayload, normalizeSalesforceErrors, type SalesforceErrorPayload } from '../http/errors.js';

export type ApprovalActionType = 'Submit' | 'Approve' | 'Reject';

export interface ApprovalRequest {
    actionType: ApprovalActionType;
    contextId: string;
    comments?: string | undefined;
    nextApproverIds?: readonly string[] | undefined;
    contextActorId?: string | undefined;
    processDefinitionNameOrId?: string | undefined;
    skipEntryCriteria?: boolean | undefined;
}

export interface ApprovalResult {
    success: boolean;
    recordId: string | null;
    processInstanceId: string | null;
    status: string | null;
    newWorkItemIds: string[];
    actorIds: string[];
}

export const approvalResultSchema = z.object({
    success: z.boolean().describe('True when Salesforce accepted the request.'),
    recordId: z.string().nullable().describe('Id of the record the approval is about (entityId), e.g. "006D000000CkVxTIAV" for an Opportunity.'),
    processInstanceId: z.string().nullable().describe('Id of the approval process instance (ProcessInstance), starts with 04g, e.g. "04gD0000000Cvm5IAC".'),
    status: z.string().nullable().describe('Status of the process instance after this request: Pending (waiting for an approver), Approved, Rejected, Removed…'),
    newWorkItemIds: z
        .array(z.string())
        .describe('Ids of the work items now waiting for an approver (ProcessInstanceWorkitem), start with 04i, e.g. ["04iD0000000Cw6SIAS"]; pass one to approve-or-reject. Empty when the process is finished.'),
    actorIds: z.array(z.string()).describe('Users (005…) or queues (00G…) the new work items are assigned to.')
});

/** The approval process name or id: a developer name (letters, digits, underscores) or a ProcessDefinition id (04a). */
export const PROCESS_NAME_PATTERN = '^(?:[A-Za-z][A-Za-z0-9_]{0,119}|04a[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)$';

const ADVICE: Record<string, string> = {
    NO_APPLICABLE_PROCESS:
        'No active approval process applies to this record: check that the object has one, that the record meets its entry criteria, or name the process in processDefinitionNameOrId (with skipEntryCriteria to bypass its criteria).',
    ALREADY_IN_PROCESS: 'The record is already pending in an approval process: find its work item with list-pending-approvals and use approve-or-reject.',
    INVALID_CROSS_REFERENCE_KEY: 'The id does not name a record (for Submit) or a pending work item 04i… (for Approve/Reject) the connected user can act on; list-pending-approvals gives the current work items.'
};

function explained(payload: SalesforceErrorPayload): SalesforceErrorPayload {
    const advice = ADVICE[payload.errorCode];
    return advice ? { ...payload, message: `${payload.message} ${advice}` } : payload;
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Sends one approval request (never retried) and returns its result; a refusal becomes a typed ActionError. */
export async function processApproval(nango: NangoClient, req: ApprovalRequest, context: string): Promise<ApprovalResult> {
    const body: Record<string, unknown> = { actionType: req.actionType, contextId: req.contextId };
    if (req.comments !== undefined) body['comments'] = req.comments;
    if (req.nextApproverIds && req.nextApproverIds.length > 0) body['nextApproverIds'] = [...req.nextApproverIds];
    if (req.contextActorId !== undefined) body['contextActorId'] = req.contextActorId;
    if (req.processDefinitionNameOrId !== undefined) body['processDefinitionNameOrId'] = req.processDefinitionNameOrId;
    if (req.skipEntryCriteria !== undefined) body['skipEntryCriteria'] = req.skipEntryCriteria;
    let response;
    try {
        response = await request<unknown>(nango, { method: 'POST', endpoint: paths.processApprovals(), data: { requests: [body] }, idempotent: false, context });
    } catch (error) {
        const payload = (error as { payload?: SalesforceErrorPayload }).payload;
        throw payload && typeof payload === 'object' && payload.errorCode ? actionError(nango, explained(payload)) : error;
    }
    const first = (Array.isArray(response.data) ? response.data[0] : undefined) as Record<string, unknown> | undefined;
    if (!first || typeof first !== 'object') {
        throw actionError(nango, salesforceErrorPayload(502, [{ errorCode: 'UNEXPECTED_RESPONSE', message: 'Salesforce answered without an approval result' }], context));
    }
    if (first['success'] !== true) {
        const errors = normalizeSalesforceErrors(first['errors']);
        throw actionError(nango, explained(salesforceErrorPayload(400, errors.length > 0 ? errors : [{ errorCode: 'UNKNOWN_ERROR', message: 'the request was not accepted' }], context)));
    }
    return {
        success: true,
        recordId: str(first['entityId']),
        processInstanceId: str(first['instanceId']),
        status: str(first['instanceStatus']),
        newWorkItemIds: ids(first['newWorkitemIds']),
        actorIds: ids(first['actorIds'])
    };
}
