import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { firstPageOutput, queryFirstPage } from '../lib/http/pager.js';
import { batchSizeSchema, parseInput, queryPageSchema, soqlSchema } from '../lib/input/schemas.js';

const Input = z.object({
    query: soqlSchema.describe(
        'A SOQL statement, e.g. "SELECT Id, Name, IsDeleted FROM Account WHERE IsDeleted = true". Deleted (Recycle Bin) and archived records are included. At most 100,000 characters.'
    ),
    batchSize: batchSizeSchema
});

const action = createAction({
    description:
        'Run a SOQL query that also returns deleted records still in the Recycle Bin, merged records and archived activities (filter on IsDeleted to tell them apart). Returns the first page; pass nextRecordsUrl to retrieve-query-more. Calls GET /queryAll?q=.',
    version: '1.0.0',
    input: Input,
    output: queryPageSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { output } = await guarded(nango, () => firstPageOutput((batchSize) => queryFirstPage(nango, input.query, { all: true, batchSize }), input.batchSize));
        return output;
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
