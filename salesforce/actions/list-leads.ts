import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { cursorSchema, equalsIfGiven, idEqualsIfGiven, limitSchema, listTyped, modifiedSince, modifiedSinceSchema, outputSchemaOf, sortDirectionSchema } from '../lib/crm/typed.js';
import { like } from '../lib/soql/builder.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { LeadObject } from '../models/lead.js';

const Input = z.object({
    ownerId: recordIdSchema.optional().describe('Only leads owned by this user id.'),
    status: z.string().max(255).optional().describe('Only leads with this status, e.g. "Open - Not Contacted".'),
    isConverted: z.boolean().optional().describe('true: only converted leads; false: only leads not yet converted.'),
    nameContains: z.string().min(1).max(255).optional().describe('Only leads whose full name contains this text, ignoring case.'),
    companyContains: z.string().min(1).max(255).optional().describe('Only leads whose company contains this text, ignoring case.'),
    modifiedSince: modifiedSinceSchema,
    sortBy: z.enum(['lastModifiedDate', 'createdDate', 'lastName']).optional().describe('Sort key. Default lastModifiedDate.'),
    sortDirection: sortDirectionSchema,
    limit: limitSchema,
    cursor: cursorSchema
});

const Output = z.object({
    leads: z.array(outputSchemaOf(LeadObject)),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next records; null when there are no more.')
});

const action = createAction({
    description:
        'List leads, filtered by owner, status, converted or not, name, company or modification date, sorted by last modified (default), created date or last name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await guarded(nango, () =>
            listTyped(nango, LeadObject, {
                filters: [
                    idEqualsIfGiven('OwnerId', input.ownerId, 'ownerId'),
                    equalsIfGiven('Status', input.status, 'status'),
                    equalsIfGiven('IsConverted', input.isConverted, 'isConverted'),
                    input.nameContains === undefined ? undefined : like('Name', input.nameContains, 'contains', 'nameContains'),
                    input.companyContains === undefined ? undefined : like('Company', input.companyContains, 'contains', 'companyContains'),
                    modifiedSince(input.modifiedSince)
                ],
                sortBy: input.sortBy,
                sortDirection: input.sortDirection,
                limit: input.limit,
                cursor: input.cursor
            })
        );
        return { leads: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
