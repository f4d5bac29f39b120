import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { MAX_BATCH_SUBREQUESTS, MAX_URL_LENGTH, safeToRepeat, validateBatchRequest } from '../lib/writes/composite.js';
import { omitLargestPayloads } from '../lib/http/output.js';
import { parseInput, subrequestMethodSchema } from '../lib/input/schemas.js';

const Input = z.object({
    haltOnError: z.boolean().optional().describe('Stop at the first failed subrequest; the rest answer 412 BATCH_PROCESSING_HALTED. Default false.'),
    batchRequests: z
        .array(
            z.object({
                method: subrequestMethodSchema,
                url: z
                    .string()
                    .max(MAX_URL_LENGTH)
                    .describe(
                        'Resource relative to /services/data/, starting with the version, e.g. "v66.0/sobjects/Account/001D000000IqhSLIAZ?fields=Name". Allowed: POST sobjects/{sObject}; GET|PATCH|DELETE sobjects/{sObject}/{id}; GET|PATCH sobjects/{sObject}/{externalIdField}/{value}; GET sobjects/{sObject}/describe; GET query?q=, queryAll?q=, search?q=; GET|POST parameterizedSearch.'
                    ),
                richInput: z.unknown().optional().describe('JSON body of the subrequest, e.g. {"Name": "New name"}.')
            })
        )
        .min(1)
        .max(MAX_BATCH_SUBREQUESTS)
        .describe('1–25 independent subrequests (no references between them), run one after another; each commits on its own.')
});

const Output = z.object({
    hasErrors: z.boolean().describe('True when any subrequest answered 400–599.'),
    results: z
        .array(
            z.object({
                statusCode: z.number().describe('HTTP status of the subrequest; 412 when skipped by haltOnError.'),
                result: z.unknown().describe('Its response body, or an error array.'),
                omitted: z.boolean().describe("True when result was left out to keep the output under Nango's 2 MB limit.")
            })
        )
        .describe('One entry per subrequest, in order.')
});

const action = createAction({
    description:
        'Run up to 25 independent subrequests (records by id or external id, describe, queries, search) in one HTTP round trip; each commits on its own and each counts against the API limit. Every URL is checked against an allowlist of resource forms before calling (no limits, password, actions, connect, chatter, tooling or apexrest). Returns every status and result, and hasErrors. Calls POST /composite/batch.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            validateBatchRequest(input.batchRequests);
            const response = await request<{ hasErrors?: boolean; results?: Array<Record<string, unknown>> }>(nango, {
                method: 'POST',
                endpoint: paths.compositeBatch(),
                data: { haltOnError: input.haltOnError ?? false, batchRequests: input.batchRequests },
                idempotent: safeToRepeat(input.batchRequests.map((s) => s.method)),
                context: `composite batch of ${input.batchRequests.length} subrequests`
            });
            const results = (response.data.results ?? []).map((r) => ({ statusCode: Number(r['statusCode'] ?? 0), result: r['result'] ?? null }));
            const hasErrors = response.data.hasErrors ?? results.some((r) => r.statusCode >= 400);
            return { hasErrors, results: omitLargestPayloads(results, 'result', { hasErrors }) };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
