import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { pageOutput, parseQueryLocator, queryNextPage } from '../lib/http/pager.js';
import { batchSizeSchema, parseInput, queryPageSchema } from '../lib/input/schemas.js';

const Input = z.object({
    nextRecordsUrl: z
        .string()
        .max(200)
        .describe(
            'The nextRecordsUrl of a previous query-records, query-all-records or retrieve-query-more result, exactly as returned, e.g. "/services/data/v66.0/query/01gRO0000016PIAYA2-2000". Other URLs are refused.'
        ),
    batchSize: batchSizeSchema
});

const action = createAction({
    description:
        'Get the next page of a SOQL query from its nextRecordsUrl locator (valid for two days). Only a query locator path of the connected org is accepted, never another URL. Calls GET /query/{locator}.',
    version: '1.0.0',
    input: Input,
    output: queryPageSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const locator = parseQueryLocator(input.nextRecordsUrl);
            const page = await queryNextPage(nango, locator.path, { batchSize: input.batchSize });
            return pageOutput(page, locator);
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
