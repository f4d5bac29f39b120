import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { fitItems } from '../lib/http/output.js';
import { MAX_SOQL_LENGTH } from '../lib/soql/builder.js';
import { MAX_SEARCH_LIMIT, buildSosl } from '../lib/soql/sosl.js';
import { parseInput, salesforceRecordSchema, searchObjectSchema, searchScopeSchema, searchTermSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sosl: z
        .string()
        .min(1)
        .max(MAX_SOQL_LENGTH)
        .optional()
        .describe(
            'A complete SOSL statement, sent as written, e.g. "FIND {Acme*} IN NAME FIELDS RETURNING Account(Id, Name), Contact(Id, Name, Email)". Escape reserved characters yourself; or use searchTerm and objects instead.'
        ),
    searchTerm: searchTermSchema.optional(),
    in: searchScopeSchema,
    objects: z.array(searchObjectSchema).min(1).max(20).optional().describe('With searchTerm: the objects to search and what to return for each.'),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().describe('With searchTerm: most records in all (Salesforce returns at most 2,000).')
});

const Output = z.object({
    searchRecords: z.array(salesforceRecordSchema).describe('Matching records; attributes.type tells each one\'s object.'),
    truncated: z.boolean().describe("True when records were cut to stay under Nango's 2 MB output limit; narrow the search or return fewer fields.")
});

const action = createAction({
    description:
        'Search text across objects with SOSL. Either pass a raw SOSL statement, or a searchTerm plus the objects (with fields, filters and limits) to search: that form escapes every SOSL reserved character itself, so the term is searched literally. Calls GET /search?q=.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            let sosl: string;
            if (input.sosl !== undefined) {
                if (input.searchTerm !== undefined || input.objects !== undefined) {
                    throw new InputError('give either sosl, or searchTerm with objects, not both', 'sosl');
                }
                if (!/^\s*FIND\s*\{/i.test(input.sosl)) {
                    throw new InputError('must be a SOSL statement starting with FIND {…}', 'sosl');
                }
                sosl = input.sosl;
            } else {
                if (input.searchTerm === undefined || input.objects === undefined) {
                    throw new InputError('give sosl, or searchTerm with objects', input.searchTerm === undefined ? 'searchTerm' : 'objects');
                }
                sosl = buildSosl({ searchTerm: input.searchTerm, in: input.in, returning: input.objects, limit: input.limit });
            }
            const response = await request<{ searchRecords?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>>(nango, {
                method: 'GET',
                endpoint: paths.search(),
                params: { q: sosl },
                context: 'search'
            });
            const records = Array.isArray(response.data) ? response.data : (response.data.searchRecords ?? []);
            const fitted = fitItems(records, { searchRecords: [], truncated: true });
            return { searchRecords: fitted.items, truncated: !fitted.complete };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
