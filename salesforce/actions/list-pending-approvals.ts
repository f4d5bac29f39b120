import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { firstPageOutput, pageOutput, parseQueryLocator, queryFirstPage, queryNextPage, type QueryPageOutput, type SalesforceRecord } from '../lib/http/pager.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { batchSizeSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { and, buildSoql, compare } from '../lib/soql/builder.js';

const Input = z.object({
    approverId: recordIdSchema.optional().describe('Only work items assigned to this user or queue (ActorId: a User id 005… or a queue id 00G…), e.g. "005D00000015rY9IAI". Default: every pending item the connected user can see.'),
    recordId: recordIdSchema.optional().describe('Only work items of this record (the record submitted for approval), e.g. "006D000000CkVxTIAV".'),
    batchSize: batchSizeSchema,
    nextRecordsUrl: z
        .string()
        .max(200)
        .optional()
        .describe('The nextRecordsUrl of a previous list-pending-approvals page, exactly as returned (e.g. "/services/data/v66.0/query/01gRO0000016PIAYA2-2000"), to read the next one (give the same filters). Other URLs are refused.')
});

const workItemSchema = z.object({
    workItemId: z.string().describe('Id of the pending work item (ProcessInstanceWorkitem), starts with 04i; pass it to approve-or-reject.'),
    processInstanceId: z.string().nullable().describe('Id of its approval process instance (ProcessInstance), starts with 04g.'),
    recordId: z.string().nullable().describe('Id of the record waiting for approval (ProcessInstance.TargetObjectId), e.g. "006D000000CkVxTIAV".'),
    recordName: z.string().nullable().describe('Name of that record, e.g. "Acme - 200 licences".'),
    recordType: z.string().nullable().describe('Object of that record, e.g. "Opportunity".'),
    status: z.string().nullable().describe('Status of the process instance: Pending for a work item that waits.'),
    approverId: z.string().nullable().describe('User (005…) or queue (00G…) the item is assigned to now (ActorId).'),
    approverName: z.string().nullable().describe('Name of that user or queue.'),
    originalApproverId: z.string().nullable().describe('Whom the item was first assigned to (OriginalActorId), before any reassignment.'),
    createdDate: z.string().nullable().describe('When the item started waiting, ISO 8601, e.g. "2026-03-02T09:30:00.000+0000".')
});

const Output = z.object({
    workItems: z.array(workItemSchema).describe('Pending work items, newest first.'),
    totalSize: z.number().describe('How many pending work items match the filters in all.'),
    nextRecordsUrl: z
        .string()
        .nullable()
        .describe('Locator path of the next page, e.g. "/services/data/v66.0/query/01gRO0000016PIAYA2-2000": pass it back as nextRecordsUrl to list-pending-approvals (same filters) for the next page; null on the last page.'),
    truncated: z.boolean().describe("True when this page was cut to stay under Nango's 2 MB output limit; nextRecordsUrl continues right after it.")
});

const FIELDS = [
    'Id',
    'ProcessInstanceId',
    'ProcessInstance.TargetObjectId',
    'ProcessInstance.TargetObject.Name',
    'ProcessInstance.TargetObject.Type',
    'ProcessInstance.Status',
    'ActorId',
    'Actor.Name',
    'OriginalActorId',
    'CreatedDate'
];

function at(record: SalesforceRecord, path: string): string | null {
    let value: unknown = record;
    for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' && value.length > 0 ? value : null;
}

const action = createAction({
    description:
        'List approval work items waiting for a decision (ProcessInstanceWorkitem of pending approval processes), newest first, optionally only those of one approver or one record, with the record, its name and object, and the approver. Reads only. Runs one SOQL query (GET /query) on ProcessInstanceWorkitem, a second in pages of 200 when a single-page answer must be cut to fit 2 MB; pages with nextRecordsUrl (pass it back as nextRecordsUrl). Decide one with approve-or-reject.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            if (input.approverId) assertRecordId(input.approverId, 'approverId');
            if (input.recordId) assertRecordId(input.recordId, 'recordId');
            const locator = input.nextRecordsUrl !== undefined ? parseQueryLocator(input.nextRecordsUrl, 'nextRecordsUrl') : undefined;
            const context = 'list pending approvals';
            let fitted: QueryPageOutput;
            if (locator) {
                fitted = pageOutput(await queryNextPage(nango, locator.path, { batchSize: input.batchSize, context }), locator);
            } else {
                const where = and(
                    compare('ProcessInstance.Status', '=', 'Pending'),
                    input.approverId ? compare('ActorId', '=', toId18(input.approverId)) : undefined,
                    input.recordId ? compare('ProcessInstance.TargetObjectId', '=', toId18(input.recordId)) : undefined
                );
                const soql = buildSoql({ select: FIELDS, from: 'ProcessInstanceWorkitem', where, orderBy: [{ field: 'CreatedDate', direction: 'DESC' }, { field: 'Id', direction: 'DESC' }] });
                // a single page cut to fit 2 MB is read again in smaller pages, whose locator continues (firstPageOutput)
                fitted = (await firstPageOutput((batchSize) => queryFirstPage(nango, soql, { batchSize, context }), input.batchSize)).output;
            }
            return {
                workItems: fitted.records.map((r) => ({
                    workItemId: at(r, 'Id') ?? '',
                    processInstanceId: at(r, 'ProcessInstanceId'),
                    recordId: at(r, 'ProcessInstance.TargetObjectId'),
                    recordName: at(r, 'ProcessInstance.TargetObject.Name'),
                    recordType: at(r, 'ProcessInstance.TargetObject.Type'),
                    status: at(r, 'ProcessInstance.Status'),
                    approverId: at(r, 'ActorId'),
                    approverName: at(r, 'Actor.Name'),
                    originalApproverId: at(r, 'OriginalActorId'),
                    createdDate: at(r, 'CreatedDate')
                })),
                totalSize: fitted.totalSize,
                nextRecordsUrl: fitted.nextRecordsUrl,
                truncated: fitted.truncated
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
