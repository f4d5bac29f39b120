import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { PROCESS_NAME_PATTERN, approvalResultSchema, processApproval } from '../lib/crm/approvals.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the record to submit, e.g. "006D000000CkVxTIAV" for an Opportunity (any object with an active approval process).'),
    comments: z.string().max(4000).optional().describe('Comment shown to the approvers in the approval history, e.g. "20% discount, competitive deal". At most 4,000 characters.'),
    nextApproverId: recordIdSchema
        .optional()
        .describe('User who approves the first step, when the process lets the submitter choose the approver (User id, starts with 005, e.g. "005D00000015rY9IAI"). Omit when the process assigns approvers itself.'),
    submitterId: recordIdSchema.optional().describe('User submitting on whose behalf (contextActorId, starts with 005). Default: the connected user.'),
    processDefinitionNameOrId: z
        .string()
        .regex(new RegExp(PROCESS_NAME_PATTERN))
        .optional()
        .describe('Developer name or id (starts with 04a) of the approval process to use, e.g. "Opportunity_Discount_Approval". Default: the first active process of the object whose entry criteria the record meets.'),
    skipEntryCriteria: z.boolean().optional().describe("Run the named process without checking its entry criteria. Needs processDefinitionNameOrId. Default false.")
});

const action = createAction({
    description:
        'Submit a record for approval in one of the org\'s approval processes, and return the process instance (04g…) and the new pending work items (04i…) with their approvers. Changes data: the record enters the process (and is usually locked for editing), and Salesforce notifies the assigned approvers by email as the process is set up to. Calls POST /process/approvals/ with actionType Submit; sent once, never retried (a second submit fails with ALREADY_IN_PROCESS). NO_APPLICABLE_PROCESS means no active process applies to the record.',
    version: '1.0.0',
    input: Input,
    output: approvalResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            if (input.nextApproverId) assertRecordId(input.nextApproverId, 'nextApproverId', 'User');
            if (input.submitterId) assertRecordId(input.submitterId, 'submitterId', 'User');
            if (input.skipEntryCriteria && !input.processDefinitionNameOrId) {
                throw new InputError('needs processDefinitionNameOrId: entry criteria can be skipped only for a named process', 'skipEntryCriteria');
            }
            const recordId = toId18(input.recordId);
            return processApproval(
                nango,
                {
                    actionType: 'Submit',
                    contextId: recordId,
                    comments: input.comments,
                    nextApproverIds: input.nextApproverId ? [toId18(input.nextApproverId)] : undefined,
                    contextActorId: input.submitterId ? toId18(input.submitterId) : undefined,
                    processDefinitionNameOrId: input.processDefinitionNameOrId,
                    skipEntryCriteria: input.skipEntryCriteria
                },
                `submit ${recordId} for approval`
            );
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
