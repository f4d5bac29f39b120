import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { cursorSchema, equalsIfGiven, idEqualsIfGiven, limitSchema, listTyped, modifiedSince, modifiedSinceSchema, outputSchemaOf, sortDirectionSchema } from '../lib/crm/typed.js';
import { compare, dateLiteral, like } from '../lib/soql/builder.js';
import { dateSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { TaskObject } from '../models/task.js';

const Input = z.object({
    ownerId: recordIdSchema.optional().describe('Only tasks assigned to this user id.'),
    status: z.string().max(255).optional().describe('Only this status, e.g. "Not Started".'),
    isClosed: z.boolean().optional().describe('true: only completed tasks; false: only open ones.'),
    whoId: recordIdSchema.optional().describe('Only tasks about this contact or lead.'),
    whatId: recordIdSchema.optional().describe('Only tasks related to this record (account, opportunity, case…).'),
    dueDateFrom: dateSchema.optional().describe('Only tasks due on or after this date, YYYY-MM-DD.'),
    dueDateTo: dateSchema.optional().describe('Only tasks due on or before this date, YYYY-MM-DD.'),
    subjectContains: z.string().min(1).max(255).optional().describe('Only tasks whose subject contains this text, ignoring case.'),
    modifiedSince: modifiedSinceSchema,
    sortBy: z.enum(['lastModifiedDate', 'createdDate']).optional().describe('Sort key. Default lastModifiedDate.'),
    sortDirection: sortDirectionSchema,
    limit: limitSchema,
    cursor: cursorSchema
});

const Output = z.object({
    tasks: z.array(outputSchemaOf(TaskObject)),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next records; null when there are no more.')
});

const action = createAction({
    description:
        'List tasks, filtered by assignee, status, open/closed, who (contact or lead), what (related record), due-date range, subject or modification date, newest change first by default, 50 at a time; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await guarded(nango, () =>
            listTyped(nango, TaskObject, {
                filters: [
                    idEqualsIfGiven('OwnerId', input.ownerId, 'ownerId'),
                    equalsIfGiven('Status', input.status, 'status'),
                    equalsIfGiven('IsClosed', input.isClosed, 'isClosed'),
                    idEqualsIfGiven('WhoId', input.whoId, 'whoId'),
                    idEqualsIfGiven('WhatId', input.whatId, 'whatId'),
                    input.dueDateFrom === undefined ? undefined : compare('ActivityDate', '>=', dateLiteral(input.dueDateFrom, 'dueDateFrom')),
                    input.dueDateTo === undefined ? undefined : compare('ActivityDate', '<=', dateLiteral(input.dueDateTo, 'dueDateTo')),
                    input.subjectContains === undefined ? undefined : like('Subject', input.subjectContains, 'contains', 'subjectContains'),
                    modifiedSince(input.modifiedSince)
                ],
                sortBy: input.sortBy,
                sortDirection: input.sortDirection,
                limit: input.limit,
                cursor: input.cursor
            })
        );
        return { tasks: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
