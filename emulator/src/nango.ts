/**
 * The slice of Nango's API that the `nango` CLI (dryrun, deploy) and @nangohq/node use:
 * connections, integrations, telemetry, environments, the proxy, and the deploy endpoints; what runs the deployed
 * functions (action trigger, sync runs and records, the MCP server) is in nango-runtime.ts.
 */
import { bearer, header, json, type Req, type Res } from './http.js';
import { legacyConfirmation, validateBundle, validateLegacyPackage, type BundleFunction, type DeployedFunction } from './deploy.js';
import type { NangoRuntime } from './nango-runtime.js';

export const PROVIDER_CONFIG_KEY = 'salesforce';
/** The emulator's one Nango environment, as the uuid its webhook URL carries. */
export const ENVIRONMENT_UUID = '5e1f0c8a-0000-4000-8000-00000000e0e0';

export interface NangoState {
    connectionId: string;
    accessToken: string;
    metadata: Record<string, unknown>;
    instanceUrl: () => string;
    createdAt: string;
    /** Base delay of the proxy's exponential backoff, in ms. */
    retryBaseMs: number;
    deployed: Map<string, DeployedFunction>;
    deployedBundles: Map<string, BundleFunction>;
    deployments: number;
    proxyRetries: number;
    /** Runs what was deployed: action triggers, sync runs and records, the MCP server (nango-runtime.ts). */
    runtime: NangoRuntime;
}

function nangoError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Res {
    return json(status, { error: { code, message, ...extra } });
}

function connectionSummary(s: NangoState): Record<string, unknown> {
    return {
        id: 1,
        connection_id: s.connectionId,
        provider: 'salesforce',
        provider_config_key: PROVIDER_CONFIG_KEY,
        created: s.createdAt,
        metadata: s.metadata,
        tags: {},
        errors: [],
        end_user: null
    };
}

function connectionDetail(s: NangoState): Record<string, unknown> {
    const instance_url = s.instanceUrl();
    return {
        id: 1,
        connection_id: s.connectionId,
        provider_config_key: PROVIDER_CONFIG_KEY,
        provider: 'salesforce',
        environment_id: 1,
        created_at: s.createdAt,
        updated_at: s.createdAt,
        last_fetched_at: new Date().toISOString(),
        credentials: {
            type: 'OAUTH2',
            access_token: s.accessToken,
            refresh_token: 'emulator-refresh-token',
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            raw: { access_token: s.accessToken, instance_url, id: `${instance_url}/id`, token_type: 'Bearer', scope: 'api refresh_token' }
        },
        connection_config: { instance_url },
        metadata: s.metadata,
        errors: [],
        end_user: null
    };
}

function integration(): Record<string, unknown> {
    return {
        unique_key: PROVIDER_CONFIG_KEY,
        provider: 'salesforce',
        display_name: 'Salesforce',
        logo: '',
        forward_webhooks: false,
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z'
    };
}

function parseJson(req: Req): unknown {
    try {
        return JSON.parse(req.body.toString('utf8'));
    } catch {
        return undefined;
    }
}

/** Handles a Nango API request (everything that is not Salesforce's nor a control path). */
export async function handleNango(req: Req, s: NangoState): Promise<Res> {
    if (!bearer(req)) {
        return { ...nangoError(401, 'missing_auth_header', 'Authentication failed. The request is missing the Authorization header.'), endpoint: 'nango unauthorized' };
    }
    const p = req.path.replace(/\/+$/, '') || '/';
    if (p === '/proxy' || p.startsWith('/proxy/')) return { ...(await proxy(req, s, p.slice('/proxy'.length) || '/')), endpoint: `nango ${req.method} /proxy` };
    const ran = await s.runtime.handle(req, p, () => parseJson(req));
    if (ran) return ran;
    const route = `${req.method} ${p}`;
    const m = /^\/connections?\/([^/]+)$/.exec(p);
    if (req.method === 'GET' && m) {
        const id = decodeURIComponent(m[1] ?? '');
        const pck = req.url.searchParams.get('provider_config_key');
        if (id !== s.connectionId || (pck !== null && pck !== PROVIDER_CONFIG_KEY)) {
            return { ...nangoError(404, 'unknown_connection', `Connection "${id}" not found`), endpoint: 'nango GET /connection/{id}' };
        }
        return { ...json(200, connectionDetail(s)), endpoint: 'nango GET /connection/{id}' };
    }
    switch (route) {
        case 'GET /connections': {
            const filter = req.url.searchParams.get('connectionId');
            const integrationId = req.url.searchParams.get('integrationId');
            const match = (filter === null || filter === s.connectionId) && (integrationId === null || integrationId.split(',').includes(PROVIDER_CONFIG_KEY));
            return { ...json(200, { connections: match ? [connectionSummary(s)] : [] }), endpoint: 'nango GET /connections' };
        }
        case 'GET /integrations':
            return { ...json(200, { data: [integration()] }), endpoint: 'nango GET /integrations' };
        case 'GET /api/v1/environments':
            return { ...json(200, { data: [{ name: 'dev' }, { name: 'prod' }] }), endpoint: 'nango GET /api/v1/environments' };
        case 'POST /cli/telemetry':
            return { ...json(200, { success: true }), endpoint: 'nango POST /cli/telemetry' };
        case 'POST /sync/deploy/confirmation':
        case 'POST /sync/deploy': {
            const body = parseJson(req);
            const result = validateLegacyPackage(body);
            const endpoint = `nango ${route}`;
            if (!result.ok) return { ...nangoError(400, 'invalid_body', 'Invalid deploy package', { errors: result.issues }), endpoint };
            const reconcile = (body as Record<string, unknown>)['reconcile'] !== false;
            if (route === 'POST /sync/deploy/confirmation') return { ...json(200, legacyConfirmation(s.deployed, result.functions, true)), endpoint };
            if (reconcile) s.deployed.clear();
            for (const f of result.functions) s.deployed.set(`${f.providerConfigKey}/${f.type}/${f.name}`, f);
            s.deployments++;
            return {
                ...json(200, result.functions.map((f, i) => ({ id: i + 1, name: f.name, version: f.version, providerConfigKey: f.providerConfigKey, type: f.type, models: f.models }))),
                endpoint
            };
        }
        case 'POST /functions/deployments/bundle/preview':
        case 'POST /functions/deployments/bundle': {
            const result = validateBundle(parseJson(req));
            const endpoint = `nango ${route}`;
            if (!result.ok) return { ...nangoError(400, 'invalid_body', 'Invalid functions bundle', { errors: result.issues }), endpoint };
            const key = (f: BundleFunction): string => `${f.integrationId}/${f.name}`;
            const incoming = new Set(result.functions.map(key));
            const plan = {
                created: result.functions.filter((f) => !s.deployedBundles.has(key(f))),
                updated: result.functions.filter((f) => s.deployedBundles.has(key(f))),
                deleted: [...s.deployedBundles.values()].filter((f) => !incoming.has(key(f)))
            };
            if (route === 'POST /functions/deployments/bundle') {
                s.deployedBundles.clear();
                for (const f of result.functions) s.deployedBundles.set(key(f), f);
                s.deployments++;
            }
            return { ...json(200, plan), endpoint };
        }
    }
    const im = /^\/integrations\/([^/]+)$/.exec(p);
    if (req.method === 'GET' && im) {
        if (decodeURIComponent(im[1] ?? '') !== PROVIDER_CONFIG_KEY) return { ...nangoError(404, 'not_found', 'Integration does not exist'), endpoint: 'nango GET /integrations/{key}' };
        // include=webhook adds the integration's webhook URL (what nango.getWebhookURL() returns): POST /webhook/{environment uuid}/{key}
        const include = (req.url.searchParams.get('include') ?? '').split(',');
        const webhook = include.includes('webhook') ? { webhook_url: `${s.instanceUrl()}/webhook/${ENVIRONMENT_UUID}/${PROVIDER_CONFIG_KEY}` } : {};
        return { ...json(200, { data: { ...integration(), ...webhook } }), endpoint: 'nango GET /integrations/{key}' };
    }
    if (req.method === 'PATCH' && p === '/connections/metadata') {
        // updateMetadata: the given keys replace theirs, the others stay (Nango's "edit" of connection metadata)
        const body = parseJson(req) as { metadata?: unknown; connection_id?: unknown; provider_config_key?: unknown } | undefined;
        const ids = Array.isArray(body?.connection_id) ? body.connection_id : [body?.connection_id];
        const endpoint = 'nango PATCH /connections/metadata';
        if (!body || !body.metadata || typeof body.metadata !== 'object' || Array.isArray(body.metadata)) return { ...nangoError(400, 'invalid_body', 'metadata must be an object'), endpoint };
        if (body.provider_config_key !== PROVIDER_CONFIG_KEY || !ids.includes(s.connectionId)) return { ...nangoError(404, 'unknown_connection', 'Connection not found'), endpoint };
        s.metadata = { ...s.metadata, ...(body.metadata as Record<string, unknown>) };
        return { ...json(200, { connection_id: s.connectionId, provider_config_key: PROVIDER_CONFIG_KEY, metadata: s.metadata }), endpoint };
    }
    return { ...nangoError(404, 'not_found', `Unknown endpoint ${route} (Salesforce emulator's Nango shim)`), endpoint: 'nango unknown' };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host', 'upgrade', 'proxy-connection', 'te', 'trailer']);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Forwards `/proxy/<path>` to `<instance_url>/<path>` with the connection's token, like Nango:
 * `Nango-Proxy-X` request headers become `X`; `Retries: n` retries network errors, 5xx and 429 (plus the
 * statuses in `Retry-On`) with exponential backoff (base * 2^attempt, or Retry-After when given).
 */
async function proxy(req: Req, s: NangoState, path: string): Promise<Res> {
    const connectionId = header(req, 'connection-id');
    const pck = header(req, 'provider-config-key');
    if (!connectionId) return nangoError(400, 'missing_connection', 'Missing Connection-Id header');
    if (!pck) return nangoError(400, 'missing_provider_config_key', 'Missing Provider-Config-Key header');
    if (connectionId !== s.connectionId || pck !== PROVIDER_CONFIG_KEY) return nangoError(404, 'unknown_connection', `Connection "${connectionId}" not found`);
    const target = new URL(path + req.url.search, s.instanceUrl());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        const v = Array.isArray(value) ? value.join(', ') : value;
        if (name.startsWith('nango-proxy-')) headers[name.slice('nango-proxy-'.length)] = v;
    }
    const ct = header(req, 'content-type');
    if (ct && !headers['content-type']) headers['content-type'] = ct;
    headers['authorization'] = `Bearer ${s.accessToken}`;
    const retries = Math.max(0, Math.min(10, Number(header(req, 'retries') ?? 0) || 0));
    const retryOn = new Set((header(req, 'retry-on') ?? '').split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n) && n > 0));
    const hasBody = !['GET', 'HEAD'].includes(req.method) && req.body.length > 0;
    for (let attempt = 0; ; attempt++) {
        let response: Response | undefined;
        let failure: unknown;
        try {
            response = await fetch(target, { method: req.method, headers, ...(hasBody ? { body: new Uint8Array(req.body) } : {}), redirect: 'manual' });
        } catch (err) {
            failure = err;
        }
        const retryable = response === undefined || response.status >= 500 || response.status === 429 || retryOn.has(response.status);
        if (retryable && attempt < retries) {
            const retryAfter = Number(response?.headers.get('retry-after'));
            const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : s.retryBaseMs * 2 ** attempt;
            s.proxyRetries++;
            if (response) await response.arrayBuffer().catch(() => undefined);
            await sleep(delay);
            continue;
        }
        if (!response) {
            const message = failure instanceof Error ? failure.message : 'network error';
            return nangoError(502, 'proxy_network_error', `The upstream request failed: ${message}`);
        }
        const out: Record<string, string> = {};
        response.headers.forEach((value, name) => {
            if (!HOP_BY_HOP.has(name)) out[name] = value;
        });
        const body = Buffer.from(await response.arrayBuffer());
        return { status: response.status, headers: out, body };
    }
}
