import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { sObjectBasicInfo, sObjectSummarySchema, summarizeSObject } from '../lib/metadata/describe.js';
import { parseInput, salesforceRecordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema
});

const Output = z.object({
    object: sObjectSummarySchema.describe('The object: names, key prefix and what the connected user may do with it.'),
    recentItems: z.array(salesforceRecordSchema).describe("Records of this object the connected user viewed or changed recently (Id, Name and attributes).")
});

const action = createAction({
    description:
        "Get an object's basic metadata (name, label, key prefix, permissions) and the records of that object the connected user used recently. Lighter than describe-sobject. Calls GET /sobjects/{sObject}.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const info = await guarded(nango, () => sObjectBasicInfo(nango, input.sObject));
        return { object: summarizeSObject(info.objectDescribe), recentItems: info.recentItems };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
