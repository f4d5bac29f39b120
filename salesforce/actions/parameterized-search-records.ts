import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { buildWhere } from '../lib/soql/filters.js';
import { assertFieldList } from '../lib/input/names.js';
import { fitItems } from '../lib/http/output.js';
import { MAX_SEARCH_LIMIT, escapeSoslTerm } from '../lib/soql/sosl.js';
import { fieldPathSchema, parseInput, salesforceRecordSchema, searchObjectSchema, searchScopeSchema, searchTermSchema } from '../lib/input/schemas.js';

const Input = z.object({
    searchTerm: searchTermSchema,
    objects: z.array(searchObjectSchema).min(1).max(20).optional().describe('Objects to search, with fields, filters and limits per object. Default: every searchable object.'),
    fields: z.array(fieldPathSchema).min(1).max(200).optional().describe('Fields to return for every object that names none, e.g. ["Id", "Name"].'),
    in: searchScopeSchema,
    overallLimit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().describe('Most records in all (up to 2,000).'),
    defaultLimit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().describe('Most records per object that sets no limit.'),
    offset: z.number().int().min(0).max(2_000).optional().describe('Skip this many results (up to 2,000), for paging.')
});

const Output = z.object({
    searchRecords: z.array(salesforceRecordSchema).describe("Matching records; attributes.type tells each one's object."),
    truncated: z.boolean().describe("True when records were cut to stay under Nango's 2 MB output limit; use offset or fewer fields to get the rest.")
});

const action = createAction({
    description:
        'Search text with the parameterized search resource: a plain search term (searched literally), objects with fields, filters and limits, overall/default limits and an offset for paging. No SOSL to write. Calls POST /parameterizedSearch.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const body = {
                q: escapeSoslTerm(input.searchTerm),
                ...(input.fields ? { fields: assertFieldList(input.fields, 'fields') } : {}),
                ...(input.objects
                    ? {
                          sobjects: input.objects.map((o, i) => ({
                              name: o.sObject,
                              ...(o.fields ? { fields: assertFieldList(o.fields, `objects[${i}].fields`) } : {}),
                              ...(o.where ? { where: buildWhere(o.where, `objects[${i}].where`) } : {}),
                              ...(o.limit !== undefined ? { limit: o.limit } : {})
                          }))
                      }
                    : {}),
                in: input.in ?? 'ALL',
                ...(input.overallLimit !== undefined ? { overallLimit: input.overallLimit } : {}),
                ...(input.defaultLimit !== undefined ? { defaultLimit: input.defaultLimit } : {}),
                ...(input.offset !== undefined ? { offset: input.offset } : {})
            };
            const response = await request<{ searchRecords?: Array<Record<string, unknown>> }>(nango, {
                method: 'POST',
                endpoint: paths.parameterizedSearch(),
                data: body,
                idempotent: true,
                context: 'parameterized search'
            });
            const fitted = fitItems(response.data.searchRecords ?? [], { searchRecords: [], truncated: true });
            return { searchRecords: fitted.items, truncated: !fitted.complete };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
