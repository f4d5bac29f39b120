import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { firstPageOutput, queryFirstPage } from '../lib/http/pager.js';
import { batchSizeSchema, parseInput, queryPageSchema, soqlSchema } from '../lib/input/schemas.js';

const Input = z.object({
    query: soqlSchema,
    batchSize: batchSizeSchema
});

const action = createAction({
    description:
        'Run a SOQL query and return its first page of records (up to 2,000) with totalSize, done and nextRecordsUrl; pass nextRecordsUrl to retrieve-query-more for the next page. Deleted records are not included (see query-all-records). Calls GET /query?q=.',
    version: '1.0.0',
    input: Input,
    output: queryPageSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { output } = await guarded(nango, () => firstPageOutput((batchSize) => queryFirstPage(nango, input.query, { batchSize }), input.batchSize));
        return output;
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
