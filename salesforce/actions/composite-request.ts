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
        .describe(
            '1–25 subrequests, run in order; at most 5 may be queries or sObject Collections. Allowed: POST sobjects/{sObject}; GET|PATCH|DELETE sobjects/{sObject}/{id} (GET: ?fields=); GET|PATCH sobjects/{sObject}/{externalIdField}/{value}; GET sobjects/{sObject}/describe; composite/sobjects collections; GET query?q= and queryAll?q=. A later subrequest may put @{referenceId.id} (of an earlier create) or @{referenceId.…Id} where an id goes in its URL (an id segment or inside q=), and any @{referenceId.field} in its body. Headers: If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since, Sforce-Auto-Assign, Sforce-Call-Options, Sforce-Duplicate-Rule-Header, Sforce-Mru, Sforce-Query-Options.'
        )
});

const Output = z.object({
    success: z.boolean().describe('True when every subrequest answered 2xx.'),
    compositeResponse: z.array(subresponseSchema).describe('One entry per subrequest, in order.')
});

const action = createAction({
    description:
        'Run up to 25 dependent subrequests (sObject reads and writes by id or external id, describe, queries, collections) in one API call, passing ids forward with @{referenceId.id}; with allOrNone a failure rolls back them all. Every URL is checked against an allowlist of resource forms before calling (no password, actions, connect, chatter, tooling, apexrest, limits or jobs). Retried only when no subrequest is a POST. Calls POST /composite.',
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
