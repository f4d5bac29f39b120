import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { InputError, actionError, salesforceErrorPayload, normalizeSalesforceErrors } from '../lib/http/errors.js';
import { OUTPUT_BUDGET_BYTES, jsonSize, utf8Length } from '../lib/http/output.js';
import { MAX_APEX_REST_PATH_LENGTH, assertApexRestQuery } from '../lib/input/apexrest.js';
import { parseInput } from '../lib/input/schemas.js';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

const Input = z.object({
    method: z.enum(METHODS).describe('HTTP method, upper case: GET reads; POST, PATCH, PUT and DELETE are writes whose effect the org\'s Apex code decides.'),
    path: z
        .string()
        .min(1)
        .max(MAX_APEX_REST_PATH_LENGTH)
        .describe(
            'Path of the Apex REST service after /services/apexrest/, as its @RestResource urlMapping names it (case-sensitive), e.g. "InvoiceService/v1/INV-1001", or "acme/Invoices" for a class in namespace acme. Letters, digits and _ . ~ - @ + , between slashes; no query string, %-encoding, "..", ";" or backslash.'
        ),
    queryParameters: z
        .record(z.string(), z.string())
        .optional()
        .describe('Query parameters, sent URL-encoded, e.g. {"status": "open", "limit": "10"}. Names: letters, digits and _ . - [ ]; values: text without control characters.'),
    body: z
        .unknown()
        .optional()
        .describe('JSON request body for POST, PATCH and PUT, e.g. {"invoiceNumber": "INV-1001", "amount": 250}; every value is serialized as JSON and sent as application/json: a string is sent as a JSON string (O\'Brien goes out as "O\'Brien", quotes included), a number, true, false or null as that JSON value. Not allowed with GET or DELETE.')
});

const Output = z.object({
    status: z.number().describe('HTTP status the Apex service answered, e.g. 200, 201, or 400 when the org\'s code reports a problem itself.'),
    ok: z.boolean().describe('True for a 2xx status.'),
    contentType: z.string().nullable().describe('Content-Type of the answer, e.g. "application/json;charset=UTF-8"; null when none was sent.'),
    body: z
        .unknown()
        .describe(
            'The answer: parsed JSON when it is JSON, otherwise its text; null for an empty answer. When truncated, the first part of the raw text (a string) instead.'
        ),
    bodyBytes: z.number().describe('Size of the whole answer body in UTF-8 bytes, e.g. 5120.'),
    truncated: z
        .boolean()
        .describe("True when the body was cut to keep the output under Nango's 2 MB limit; body then holds the first part of the text. Ask the service for less (e.g. a smaller page through queryParameters).")
});

/** Error codes the platform itself answers with (not the org's code): they become typed errors. */
const PLATFORM_ERRORS = new Set(['NOT_FOUND', 'METHOD_NOT_ALLOWED', 'INVALID_SESSION_ID', 'REQUEST_LIMIT_EXCEEDED', 'API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED']);

/** Every status except 401 comes back to the action, which decides what is the org's code's answer. */
const ANSWERED = Array.from({ length: 300 }, (_, i) => 300 + i).filter((s) => s !== 401);

function header(headers: Record<string, string>, name: string): string | null {
    return headers[name] ?? null;
}

/** The platform's own error, when the body is Salesforce's error array with one of its codes. */
function platformError(status: number, data: unknown): string | undefined {
    if (status < 400) return undefined;
    const parsed = typeof data === 'string' ? tryJson(data) : data;
    if (!Array.isArray(parsed)) return undefined;
    const code = normalizeSalesforceErrors(parsed)[0]?.errorCode;
    if (!code || !PLATFORM_ERRORS.has(code)) return undefined;
    // the org's code may answer 404 with NOT_FOUND itself; the platform's says it found no service for the URL
    if (code === 'NOT_FOUND' && !normalizeSalesforceErrors(parsed).some((e) => /could not find a match for url/i.test(e.message))) return undefined;
    return code;
}

function tryJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** The longest prefix of `text` whose JSON form fits in `room` bytes (never cut inside a surrogate pair). */
function prefixThatFits(text: string, room: number): string {
    let length = Math.min(text.length, Math.max(0, room));
    while (length > 0) {
        let cut = text.slice(0, length);
        if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
        const size = jsonSize(cut);
        if (size <= room) return cut;
        length = Math.floor(length * (room / size)) - 1;
    }
    return '';
}

const action = createAction({
    description:
        "Call one of the org's own Apex REST services (a class with @RestResource) and return its HTTP status and body. Calls {method} /services/apexrest/{path} with queryParameters as the URL query string and the body serialized as JSON (a string as a JSON string). What the call does is decided by the org's Apex code: POST, PATCH, PUT and DELETE may change data (and send email or call other systems) and are never retried automatically; GET is retried on network errors and 5xx. The service's own error answers (4xx/5xx with its body) come back as output with ok false; a path no service maps (NOT_FOUND), a method it does not take, an expired session or an API limit are errors. Bodies over Nango's 2 MB limit are cut (truncated true).",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const endpoint = paths.apexRest(input.path);
            const params = assertApexRestQuery(input.queryParameters);
            const hasBody = input.body !== undefined;
            if (hasBody && (input.method === 'GET' || input.method === 'DELETE')) {
                throw new InputError(`cannot be sent with ${input.method}; use POST, PATCH or PUT, or pass values in queryParameters`, 'body');
            }
            const context = `call Apex REST ${input.method} ${endpoint}`;
            const response = await request<unknown>(nango, {
                method: input.method,
                endpoint,
                ...(params && Object.keys(params).length > 0 ? { params } : {}),
                // serialized here, strings included: a string given to the HTTP client would go out raw, not as JSON
                ...(hasBody ? { data: JSON.stringify(input.body), headers: { 'Content-Type': 'application/json' } } : {}),
                // only a read is repeated: a write's effect is the org's code's, and may not be safe twice
                idempotent: input.method === 'GET',
                accept: ANSWERED,
                responseType: 'text',
                context
            });
            const code = platformError(response.status, response.data);
            if (code) {
                const data = typeof response.data === 'string' ? tryJson(response.data) : response.data;
                const payload = salesforceErrorPayload(response.status, data, context);
                const hint =
                    code === 'NOT_FOUND'
                        ? ` No Apex REST service of the org maps "${input.path}": check the class's @RestResource urlMapping (case-sensitive; a namespaced class's path starts with its namespace) and that the connected user's profile has access to the class.`
                        : '';
                throw actionError(nango, { ...payload, message: `${payload.message}${hint}` });
            }
            const contentType = header(response.headers, 'content-type');
            const raw = response.data;
            let body: unknown;
            let text: string;
            if (typeof raw === 'string') {
                text = raw;
                const parsed = raw.length === 0 ? undefined : /json/i.test(contentType ?? '') || /^\s*[[{"]/.test(raw) ? tryJson(raw) : undefined;
                body = raw.length === 0 ? null : parsed !== undefined ? parsed : raw;
            } else {
                body = raw === undefined || raw === '' ? null : raw;
                text = body === null ? '' : (JSON.stringify(body) ?? '');
            }
            const bodyBytes = utf8Length(text);
            const output = { status: response.status, ok: response.status >= 200 && response.status < 300, contentType, body, bodyBytes, truncated: false };
            if (jsonSize(output) <= OUTPUT_BUDGET_BYTES) return output;
            const envelope = jsonSize({ ...output, body: '', truncated: true });
            return { ...output, body: prefixThatFits(text, OUTPUT_BUDGET_BYTES - envelope), truncated: true };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
