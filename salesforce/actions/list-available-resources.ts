import { createAction } from 'nango';
import * as z from 'zod';

import { API_VERSION, guarded, paths, request } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';

const Input = z.object({
    includeVersions: z.boolean().optional().describe('Also list every API version the org supports (one more request, which does not count against the API limit). Default true.')
});

const Output = z.object({
    apiVersion: z.string().describe('The API version this package uses, e.g. "v66.0".'),
    resources: z.record(z.string(), z.string()).describe('Resources of that version by name, e.g. {"sobjects": "/services/data/v66.0/sobjects", "query": "…"}.'),
    versions: z
        .array(z.object({ version: z.string().describe('e.g. "66.0".'), label: z.string().describe('Release name, e.g. "Spring \'26".'), url: z.string().describe('e.g. "/services/data/v66.0".') }))
        .describe('API versions the org supports, e.g. {"version": "66.0", "label": "Spring \'26", "url": "/services/data/v66.0"}; empty when not asked for.')
});

const action = createAction({
    description:
        'List the REST resources of the API version this package uses and, optionally, every API version the org supports. Calls GET /services/data/vNN.N/ and GET /services/data/.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const resources = await request<Record<string, string>>(nango, { method: 'GET', endpoint: paths.resources(), context: 'list resources' });
            let versions: Array<{ version: string; label: string; url: string }> = [];
            if (input.includeVersions !== false) {
                const response = await request<Array<Record<string, unknown>>>(nango, { method: 'GET', endpoint: paths.versions(), context: 'list API versions' });
                versions = (Array.isArray(response.data) ? response.data : []).map((v) => ({ version: String(v['version'] ?? ''), label: String(v['label'] ?? ''), url: String(v['url'] ?? '') }));
            }
            return { apiVersion: API_VERSION, resources: resources.data ?? {}, versions };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
