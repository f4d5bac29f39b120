import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { MAX_GRAPHS, MAX_GRAPH_NODES, REFERENCE_ID_PATTERN, safeToRepeat, validateGraphRequest } from '../lib/writes/composite.js';
import { omitLargestPayloads } from '../lib/http/output.js';
import { parseInput, subrequestSchema, subresponseSchema } from '../lib/input/schemas.js';

const Input = z.object({
    graphs: z
        .array(
            z.object({
                graphId: z.string().max(39).regex(new RegExp(REFERENCE_ID_PATTERN)).describe('Unique name of the graph, e.g. "order1". Under 40 characters.'),
                compositeRequest: z
                    .array(subrequestSchema)
                    .min(1)
                    .max(MAX_GRAPH_NODES)
                    .describe(
                        'Nodes of the graph: POST /sobjects/{sObject}, GET|PATCH|DELETE /sobjects/{sObject}/{id}, or GET|PATCH /sobjects/{sObject}/{externalIdField}/{value}; references only within the graph, and in a URL only where an id goes: @{ref.id} of an earlier create or @{ref.…Id}.'
                    )
            })
        )
        .min(1)
        .max(MAX_GRAPHS)
        .describe('1–75 independent graphs; each succeeds or rolls back as a whole. At most 500 nodes in all, 15 levels of references.')
});

const Output = z.object({
    success: z.boolean().describe('True when every graph succeeded.'),
    graphs: z
        .array(
            z.object({
                graphId: z.string().describe('The graphId given in the input, e.g. "order1".'),
                isSuccessful: z.boolean().describe('False when the graph failed and was rolled back.'),
                compositeResponse: z.array(subresponseSchema).describe('One entry per node of the graph, in order.')
            })
        )
        .describe('One entry per graph, in input order; each graph commits or rolls back on its own.')
});

const action = createAction({
    description:
        'Run up to 75 graphs of dependent record operations (up to 500 nodes) in one API call; each graph is all-or-nothing and independent of the others. Graph ids, node kinds (an allowlist of record operations), references, headers, node counts and depth are checked before calling. Calls POST /composite/graph.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            validateGraphRequest(input.graphs);
            const response = await request<{ graphs?: Array<Record<string, any>> }>(nango, {
                method: 'POST',
                endpoint: paths.compositeGraph(),
                data: { graphs: input.graphs },
                idempotent: safeToRepeat(input.graphs.flatMap((g) => g.compositeRequest.map((s) => s.method))),
                context: `composite graph of ${input.graphs.length} graphs`
            });
            const graphs = (response.data.graphs ?? []).map((graph) => {
                const subs: Array<Record<string, unknown>> = graph['graphResponse']?.['compositeResponse'] ?? [];
                const compositeResponse = subs.map((sub) => ({
                    referenceId: String(sub['referenceId'] ?? ''),
                    httpStatusCode: Number(sub['httpStatusCode'] ?? 0),
                    body: sub['body'] ?? null,
                    httpHeaders: (sub['httpHeaders'] ?? {}) as Record<string, string>
                }));
                return { graphId: String(graph['graphId'] ?? ''), isSuccessful: graph['isSuccessful'] === true, compositeResponse };
            });
            const success = graphs.length === input.graphs.length && graphs.every((g) => g.isSuccessful);
            // keep under 2 MB: leave out the largest bodies across all graphs
            const fitted = omitLargestPayloads(
                graphs.flatMap((g) => g.compositeResponse),
                'body',
                { success, graphs: graphs.map((g) => ({ graphId: g.graphId, isSuccessful: g.isSuccessful })) }
            );
            let next = 0;
            return {
                success,
                graphs: graphs.map((g) => ({ ...g, compositeResponse: g.compositeResponse.map(() => fitted[next++] ?? { referenceId: '', httpStatusCode: 0, body: null, httpHeaders: {}, omitted: true }) }))
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
