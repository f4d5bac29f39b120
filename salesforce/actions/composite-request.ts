import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { MAX_COMPOSITE_SUBREQUESTS, safeToRepeat, validateCompositeRequest } from '../lib/writes/composite.js';
import { omitLargestPayloads } from '../lib/http/output.js';
import { parseInput, subrequestSchema, subresponseSchema } from '../lib/input/schemas.js';

const Input = z.object({
    allOrNone: z.boolean().optional().describe('Roll back every subrequest when one fails. Default false: independent subrequests still run.'),
    collateSubrequests: z.boolean().optional().describe('Let Salesforce group independent subrequests for speed (its default, true).'),
    compositeRequest: z
        .array(subrequestSchema)
        .min(1)
        .max(MAX_COMPOSITE_SUBREQUESTS)
        .describe('1–25 subrequests, run in order; at most 5 may be queries or sObject Collections. Later ones may use @{referenceId.field} of earlier ones.')
});

const Output = z.object({
    success: z.boolean().describe('True when every subrequest answered 2xx.'),
    compositeResponse: z.array(subresponseSchema).describe('One entry per subrequest, in order.')
});

const action = createAction({
    description:
        'Run up to 25 dependent subrequests (sObject reads and writes, queries, collections) in one API call, passing results forward with @{referenceId.field}; with allOrNone a failure rolls back them all. Limits and URL forms are checked before calling. Retried only when no subrequest is a POST. Calls POST /composite.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            validateCompositeRequest(input.compositeRequest);
            const response = await request<{ compositeResponse?: Array<Record<string, unknown>> }>(nango, {
                method: 'POST',
                endpoint: paths.composite(),
                data: {
                    allOrNone: input.allOrNone ?? false,
                    ...(input.collateSubrequests !== undefined ? { collateSubrequests: input.collateSubrequests } : {}),
                    compositeRequest: input.compositeRequest
                },
                idempotent: safeToRepeat(input.compositeRequest.map((s) => s.method)),
                context: `composite request of ${input.compositeRequest.length} subrequests`
            });
            const list = (response.data.compositeResponse ?? []).map((sub) => ({
                referenceId: String(sub['referenceId'] ?? ''),
                httpStatusCode: Number(sub['httpStatusCode'] ?? 0),
                body: sub['body'] ?? null,
                httpHeaders: (sub['httpHeaders'] ?? {}) as Record<string, string>
            }));
            const success = list.length === input.compositeRequest.length && list.every((s) => s.httpStatusCode >= 200 && s.httpStatusCode < 300);
            return { success, compositeResponse: omitLargestPayloads(list, 'body', { success }) };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
