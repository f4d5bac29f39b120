/**
 * Apex REST: `/services/apexrest/{urlMapping}` — the org's own REST services, Apex classes annotated
 * `@RestResource(urlMapping='/…')` with `@HttpGet`/`@HttpPost`/`@HttpPatch`/`@HttpPut`/`@HttpDelete` methods.
 *
 * What the docs say (Apex Developer Guide, "RestResource Annotation", "Exposing Apex Classes as REST Web
 * Services"): the mapping is relative to /services/apexrest/, case-sensitive, starts with `/`, up to 255 characters,
 * and may hold a `*` wildcard (after a `/`, at the end or followed by `/`). An exact match wins, else the longest
 * matching wildcard pattern; no match answers 404. A namespaced class answers under /services/apexrest/{ns}/….
 * The class decides status and body (RestContext.response.statusCode / responseBody, or the JSON of its return
 * value); an uncaught exception answers 500 with `[{"errorCode":"APEX_ERROR","message":"…"}]`; a method the class
 * has no handler for answers 405 METHOD_NOT_ALLOWED. The session is the same OAuth token as the REST API's, and each
 * call counts against the daily API requests.
 *
 * Simplified here: the "deployed" services are a fixed set (no Apex runs): `/echo` and `/echo/*` (every method;
 * answers what it received), `/invoices` (POST only; 400 with the class's own JSON error body when invoiceNumber is
 * missing, 201 otherwise), `/big` (GET; a JSON body of `kb` kilobytes, default 3,000), `/text` (GET; text/plain),
 * `/crash` (GET; an uncaught exception: 500 APEX_ERROR). Error wordings for 404 and 405 follow answers seen from
 * orgs ("Could not find a match for URL", "HTTP Method 'X' not allowed. Allowed are …"), not a recording here.
 */
import { bearer, header, json, type Req, type Res } from '../http.js';
import type { SalesforceState } from '../state.js';

const PREFIX = '/services/apexrest';

interface Service {
    /** urlMapping without the leading slash; a trailing `/*` matches any rest of the path. */
    mapping: string;
    methods: readonly string[];
    handle: (req: Req, method: string, subpath: string) => Res;
}

function parsedBody(req: Req): { ok: true; value: unknown } | { ok: false; res: Res } {
    const text = req.body.toString('utf8');
    if (text.length === 0) return { ok: true, value: null };
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch (err) {
        return { ok: false, res: json(400, [{ errorCode: 'JSON_PARSER_ERROR', message: `Unexpected character in the request body: ${err instanceof Error ? err.message : 'invalid JSON'}` }]) };
    }
}

const SERVICES: Service[] = [
    {
        mapping: 'echo',
        methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
        handle: (req, method, subpath) => echo(req, method, subpath)
    },
    {
        mapping: 'echo/*',
        methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
        handle: (req, method, subpath) => echo(req, method, subpath)
    },
    {
        mapping: 'invoices',
        methods: ['POST'],
        handle: (req) => {
            const body = parsedBody(req);
            if (!body.ok) return body.res;
            const value = body.value as Record<string, unknown> | null;
            const number = value && typeof value === 'object' ? value['invoiceNumber'] : undefined;
            // the class answers its own error shape (RestContext.response.statusCode = 400)
            if (typeof number !== 'string' || number === '') return json(400, { error: 'INVALID_INVOICE', message: 'invoiceNumber is required', field: 'invoiceNumber' });
            return json(201, { id: `INV-${number}`, status: 'created' });
        }
    },
    {
        mapping: 'big',
        methods: ['GET'],
        handle: (req) => {
            const kb = Math.max(1, Math.min(10_000, Number(req.url.searchParams.get('kb') ?? 3000) || 3000));
            const chunk = 'x'.repeat(1000);
            return json(200, { rows: Array.from({ length: kb }, (_, i) => `${String(i).padStart(6, '0')}${chunk.slice(6)}`) });
        }
    },
    {
        mapping: 'text',
        methods: ['GET'],
        handle: () => ({ status: 200, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'hello from Apex' })
    },
    {
        mapping: 'crash',
        methods: ['GET'],
        handle: () => json(500, [{ errorCode: 'APEX_ERROR', message: 'System.NullPointerException: Attempt to de-reference a null object\n\nClass.CrashService.doGet: line 5, column 1' }])
    }
];

function echo(req: Req, method: string, subpath: string): Res {
    const body = parsedBody(req);
    if (!body.ok) return body.res;
    const params: Record<string, string> = {};
    for (const [k, v] of req.url.searchParams) params[k] = v;
    return json(200, { method, requestURI: `/${subpath}`, params, body: body.value, contentType: header(req, 'content-type') ?? null });
}

/** The service whose mapping matches: an exact match first, else the longest wildcard mapping (case-sensitive). */
function match(subpath: string): Service | undefined {
    const exact = SERVICES.find((s) => s.mapping === subpath || `${s.mapping}/` === subpath);
    if (exact) return exact;
    return SERVICES.filter((s) => s.mapping.endsWith('/*') && subpath.startsWith(s.mapping.slice(0, -1)))
        .sort((a, b) => b.mapping.length - a.mapping.length)[0];
}

/** Entry point for /services/apexrest/**. */
export function handleApexRest(req: Req, s: SalesforceState): Res {
    const endpoint = (label: string): string => `${req.method} /services/apexrest/${label}`;
    if (bearer(req) !== s.accessToken) {
        return { ...json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]), endpoint: 'unauthorized' };
    }
    if (s.apiUsage >= s.apiBudget) return { ...json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]), endpoint: endpoint('{path}') };
    s.apiUsage++;
    const subpath = req.path.slice(PREFIX.length).replace(/^\//, '');
    const service = match(subpath);
    if (!service) return { ...json(404, [{ errorCode: 'NOT_FOUND', message: `Could not find a match for URL /${subpath}` }]), endpoint: endpoint('{unmapped}') };
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (!service.methods.includes(method)) {
        return { ...json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed. Allowed are ${service.methods.join(',')}` }]), endpoint: endpoint(service.mapping) };
    }
    return { ...service.handle(req, method, subpath), endpoint: endpoint(service.mapping) };
}
