import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { cursorSchema, equalsIfGiven, idEqualsIfGiven, limitSchema, listTyped, modifiedSince, modifiedSinceSchema, outputSchemaOf, sortDirectionSchema } from '../lib/crm/typed.js';
import { like } from '../lib/soql/builder.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { ContactObject } from '../models/contact.js';

const Input = z.object({
    ownerId: recordIdSchema.optional().describe('Only contacts owned by this user id.'),
    accountId: recordIdSchema.optional().describe('Only contacts of this account.'),
    email: z.string().max(80).optional().describe('Only contacts with exactly this email address.'),
    nameContains: z.string().min(1).max(255).optional().describe('Only contacts whose full name contains this text, ignoring case, e.g. "ng".'),
    modifiedSince: modifiedSinceSchema,
    sortBy: z.enum(['lastModifiedDate', 'createdDate', 'lastName']).optional().describe('Sort key. Default lastModifiedDate.'),
    sortDirection: sortDirectionSchema,
    limit: limitSchema,
    cursor: cursorSchema
});

const Output = z.object({
    contacts: z.array(outputSchemaOf(ContactObject)),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next records; null when there are no more.')
});

const action = createAction({
    description:
        'List contacts, filtered by owner, account, email, name or modification date, sorted by last modified (default), created date or last name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await guarded(nango, () =>
            listTyped(nango, ContactObject, {
                filters: [
                    idEqualsIfGiven('OwnerId', input.ownerId, 'ownerId'),
                    idEqualsIfGiven('AccountId', input.accountId, 'accountId'),
                    equalsIfGiven('Email', input.email, 'email'),
                    input.nameContains === undefined ? undefined : like('Name', input.nameContains, 'contains', 'nameContains'),
                    modifiedSince(input.modifiedSince)
                ],
                sortBy: input.sortBy,
                sortDirection: input.sortDirection,
                limit: input.limit,
                cursor: input.cursor
            })
        );
        return { contacts: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
