import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';

const Input = z.object({
    names: z
        .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/).max(80))
        .min(1)
        .max(100)
        .optional()
        .describe('Only these limits, e.g. ["DailyApiRequests", "DataStorageMB"]. Omit for all. Names match ignoring case.')
});

const limitSchema = z.object({
    name: z.string().describe('Limit name, e.g. "DailyApiRequests".'),
    max: z.number().describe('The allowance, e.g. 15000 for DailyApiRequests.'),
    remaining: z.number().describe('What is left of it now, e.g. 14250.'),
    used: z.number().describe('max − remaining.'),
    percentUsed: z.number().describe('used / max × 100, rounded to two decimals; 0 when max is 0.')
});

const Output = z.object({
    limits: z.array(limitSchema).describe('The limits asked for (every limit when none are named).'),
    unknownNames: z.array(z.string()).describe('Requested names the org does not report.')
});

const action = createAction({
    description:
        "Get the org's limits (daily API requests, storage, bulk jobs, emails…) with maximum, remaining, used and percent used, all or only the named ones. Calls GET /limits.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const response = await guarded(nango, () => request<Record<string, { Max?: number; Remaining?: number }>>(nango, { method: 'GET', endpoint: paths.limits(), context: 'get limits' }));
        const all = Object.entries(response.data ?? {}).map(([name, value]) => {
            const max = Number(value?.Max ?? 0);
            const remaining = Number(value?.Remaining ?? 0);
            const used = max - remaining;
            return { name, max, remaining, used, percentUsed: max > 0 ? Math.round((used / max) * 10_000) / 100 : 0 };
        });
        if (!input.names) {
            return { limits: all, unknownNames: [] };
        }
        const byName = new Map(all.map((l) => [l.name.toLowerCase(), l]));
        const limits = input.names.map((n) => byName.get(n.toLowerCase())).filter((l): l is (typeof all)[number] => l !== undefined);
        return { limits, unknownNames: input.names.filter((n) => !byName.has(n.toLowerCase())) };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
