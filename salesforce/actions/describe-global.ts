import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { describeGlobal, sObjectSummarySchema, summarizeSObject } from '../lib/metadata/describe.js';
import { fitItems } from '../lib/http/output.js';
import { parseInput } from '../lib/input/schemas.js';

const Input = z.object({
    customOnly: z.boolean().optional().describe('Only custom objects (API names ending in __c and similar). Default false.'),
    queryableOnly: z.boolean().optional().describe('Only objects the connected user can query with SOQL. Default false.'),
    nameContains: z
        .string()
        .min(1)
        .max(80)
        .optional()
        .describe('Only objects whose API name or label contains this text, ignoring case, e.g. "invoice".'),
    detail: z
        .enum(['summary', 'full'])
        .optional()
        .describe('"summary" (default): name, label, key prefix and the main permission flags. "full": every attribute Salesforce returns.'),
    offset: z.number().int().min(0).optional().describe('Skip this many matching objects; use nextOffset from a previous result. Default 0.'),
    limit: z.number().int().min(1).max(5000).optional().describe('Return at most this many objects. Default 1000.')
});

const Output = z.object({
    encoding: z.string().describe('Character encoding of the org, e.g. "UTF-8".'),
    maxBatchSize: z.number().describe('Largest number of records a collection call accepts (200).'),
    totalCount: z.number().describe('Number of objects that match the filters.'),
    sobjects: z.array(z.union([sObjectSummarySchema, z.record(z.string(), z.unknown())])).describe('The matching objects, in Salesforce order.'),
    nextOffset: z.number().nullable().describe('Pass as offset to get the following objects; null when none remain.')
});

const action = createAction({
    description:
        'List the objects (sObjects) of the org with their names, labels, key prefixes and permissions, filtered (custom only, queryable only, name contains) and paged with offset/limit so the result stays small on large orgs. Calls GET /sobjects/.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const global = await guarded(nango, () => describeGlobal(nango));
        const needle = input.nameContains?.toLowerCase();
        const matching = global.sobjects.filter(
            (o) =>
                (!input.customOnly || o['custom'] === true) &&
                (!input.queryableOnly || o['queryable'] === true) &&
                (!needle || `${String(o['name'])}\n${String(o['label'])}`.toLowerCase().includes(needle))
        );
        const offset = input.offset ?? 0;
        const window = matching.slice(offset, offset + (input.limit ?? 1000));
        const items = input.detail === 'full' ? window : window.map(summarizeSObject);
        const envelope = { encoding: global.encoding, maxBatchSize: global.maxBatchSize, totalCount: matching.length, sobjects: [], nextOffset: matching.length };
        const fitted = fitItems(items, envelope);
        const end = offset + fitted.items.length;
        return { ...envelope, sobjects: fitted.items, nextOffset: end < matching.length ? end : null };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
