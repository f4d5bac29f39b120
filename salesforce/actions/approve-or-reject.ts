import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertIdWithPrefix, assertRecordId, toId18 } from '../lib/input/ids.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { approvalResultSchema, processApproval } from '../lib/crm/approvals.js';

const Input = z.object({
    workItemId: recordIdSchema.describe(
        'Id of the pending approval work item (ProcessInstanceWorkitem), starts with 04i, e.g. "04iD0000000Cw6SIAS": from list-pending-approvals or the newWorkItemIds of submit-for-approval. Not the record\'s own id.'
    ),
    decision: z.enum(['approve', 'reject']).describe('"approve" moves the record to the next step (or approves it at the last step); "reject" ends the process as Rejected.'),
    comments: z.string().max(4000).optional().describe('Comment recorded in the approval history, e.g. "Discount within policy". At most 4,000 characters.'),
    nextApproverId: recordIdSchema
        .optional()
        .describe('Approve only: the user who approves the next step, when the process lets the approver choose (User id, starts with 005).')
});

const action = createAction({
    description:
        'Approve or reject a pending approval work item as the connected user (who must be its approver, a delegate, or an administrator), and return the process instance\'s new status and any next work items. Changes data: the process moves on, final approval or rejection actions run (field updates, record unlock), and Salesforce emails the submitter or next approvers as the process is set up to. Calls POST /process/approvals/ with actionType Approve or Reject; sent once, never retried (the same work item cannot be decided twice).',
    version: '1.0.0',
    input: Input,
    output: approvalResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            assertIdWithPrefix(input.workItemId, 'workItemId', ['04i'], 'a work item id (ProcessInstanceWorkitem ids start with 04i); list-pending-approvals gives the work items of a record');
            if (input.nextApproverId) assertRecordId(input.nextApproverId, 'nextApproverId', 'User');
            if (input.nextApproverId && input.decision === 'reject') {
                throw new InputError('applies to approve only: a rejection has no next approver', 'nextApproverId');
            }
            const workItemId = toId18(input.workItemId);
            return processApproval(
                nango,
                {
                    actionType: input.decision === 'approve' ? 'Approve' : 'Reject',
                    contextId: workItemId,
                    comments: input.comments,
                    nextApproverIds: input.nextApproverId ? [toId18(input.nextApproverId)] : undefined
                },
                `${input.decision} work item ${workItemId}`
            );
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
