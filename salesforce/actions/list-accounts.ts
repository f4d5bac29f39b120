import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { cursorSchema, equalsIfGiven, idEqualsIfGiven, limitSchema, listTyped, modifiedSince, modifiedSinceSchema, outputSchemaOf, sortDirectionSchema } from '../lib/crm/typed.js';
import { like } from '../lib/soql/builder.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { AccountObject } from '../models/account.js';

const Input = z.object({
    ownerId: recordIdSchema.optional().describe('Only accounts owned by this user id.'),
    industry: z.string().max(255).optional().describe('Only this industry, e.g. "Technology".'),
    type: z.string().max(255).optional().describe('Only this type, e.g. "Customer - Direct".'),
    nameContains: z.string().min(1).max(255).optional().describe('Only accounts whose name contains this text, ignoring case, e.g. "acme".'),
    modifiedSince: modifiedSinceSchema,
    sortBy: z.enum(['lastModifiedDate', 'createdDate', 'name']).optional().describe('Sort key. Default lastModifiedDate.'),
    sortDirection: sortDirectionSchema,
    limit: limitSchema,
    cursor: cursorSchema
});

const Output = z.object({
    accounts: z.array(outputSchemaOf(AccountObject)),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next records; null when there are no more.')
});

const action = createAction({
    description:
        'List accounts, filtered by owner, industry, type, name or modification date, sorted by last modified (default), created date or name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await guarded(nango, () =>
            listTyped(nango, AccountObject, {
                filters: [
                    idEqualsIfGiven('OwnerId', input.ownerId, 'ownerId'),
                    equalsIfGiven('Industry', input.industry, 'industry'),
                    equalsIfGiven('Type', input.type, 'type'),
                    input.nameContains === undefined ? undefined : like('Name', input.nameContains, 'contains', 'nameContains'),
                    modifiedSince(input.modifiedSince)
                ],
                sortBy: input.sortBy,
                sortDirection: input.sortDirection,
                limit: input.limit,
                cursor: input.cursor
            })
        );
        return { accounts: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
