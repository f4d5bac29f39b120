import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { cursorSchema, equalsIfGiven, idEqualsIfGiven, limitSchema, listTyped, modifiedSince, modifiedSinceSchema, outputSchemaOf, sortDirectionSchema } from '../lib/crm/typed.js';
import { compare, dateLiteral, like } from '../lib/soql/builder.js';
import { dateSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { OpportunityObject } from '../models/opportunity.js';

const Input = z.object({
    ownerId: recordIdSchema.optional().describe('Only opportunities owned by this user id.'),
    accountId: recordIdSchema.optional().describe('Only opportunities of this account.'),
    stageName: z.string().max(255).optional().describe('Only this stage, e.g. "Negotiation/Review".'),
    isClosed: z.boolean().optional().describe('true: only closed deals; false: only open ones.'),
    isWon: z.boolean().optional().describe('true: only won deals; false: only deals not won.'),
    closeDateFrom: dateSchema.optional().describe('Only deals closing on or after this date, YYYY-MM-DD.'),
    closeDateTo: dateSchema.optional().describe('Only deals closing on or before this date, YYYY-MM-DD.'),
    nameContains: z.string().min(1).max(255).optional().describe('Only opportunities whose name contains this text, ignoring case.'),
    modifiedSince: modifiedSinceSchema,
    sortBy: z.enum(['lastModifiedDate', 'createdDate', 'closeDate', 'name']).optional().describe('Sort key. Default lastModifiedDate.'),
    sortDirection: sortDirectionSchema,
    limit: limitSchema,
    cursor: cursorSchema
});

const Output = z.object({
    opportunities: z.array(outputSchemaOf(OpportunityObject)),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next records; null when there are no more.')
});

const action = createAction({
    description:
        'List opportunities, filtered by owner, account, stage, open/closed, won, close-date range, name or modification date, sorted by last modified (default), created date, close date or name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await guarded(nango, () =>
            listTyped(nango, OpportunityObject, {
                filters: [
                    idEqualsIfGiven('OwnerId', input.ownerId, 'ownerId'),
                    idEqualsIfGiven('AccountId', input.accountId, 'accountId'),
                    equalsIfGiven('StageName', input.stageName, 'stageName'),
                    equalsIfGiven('IsClosed', input.isClosed, 'isClosed'),
                    equalsIfGiven('IsWon', input.isWon, 'isWon'),
                    input.closeDateFrom === undefined ? undefined : compare('CloseDate', '>=', dateLiteral(input.closeDateFrom, 'closeDateFrom')),
                    input.closeDateTo === undefined ? undefined : compare('CloseDate', '<=', dateLiteral(input.closeDateTo, 'closeDateTo')),
                    input.nameContains === undefined ? undefined : like('Name', input.nameContains, 'contains', 'nameContains'),
                    modifiedSince(input.modifiedSince)
                ],
                sortBy: input.sortBy,
                sortDirection: input.sortDirection,
                limit: input.limit,
                cursor: input.cursor
            })
        );
        return { opportunities: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
