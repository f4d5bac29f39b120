/**
 * The HTTP server: one port, three audiences — Salesforce (/services/**, /id/**), Nango's API
 * (everything else), and control paths for tests (/__emulator/**).
 *
 * Built on node:http rather than a framework: the emulator must control status codes, header casing,
 * exact body bytes (for the bytesOut counter) and the routing of odd Salesforce paths, which a
 * framework's body parsing and 404 handling would get in the way of; and it keeps the emulator
 * dependency-free and identical on Node 20 and 22+.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleNango } from './nango.js';
import { json, type Req, type Res } from './http.js';
import { endpointOf, handleSalesforce, limitHeader } from './routes/salesforce.js';
import { faultResponse, ruleFromJson } from './faults.js';
import { handleNangoWebhook } from './notifier.js';
import type { RuntimeStats } from './nango-runtime.js';
import type { BulkStats, LogEntry, ServerState } from './state.js';

export type { LogEntry, ServerState } from './state.js';

export interface Stats {
    /** Salesforce API requests served (each page of a query is one). */
    calls: number;
    /** Salesforce requests by endpoint label, e.g. `GET /query`, `GET /query/{locator}`, `PATCH /sobjects/Account/{id}`. */
    byEndpoint: Record<string, number>;
    /** Response body bytes sent by the Salesforce side. */
    bytesOut: number;
    /** Every request (Salesforce and Nango side), oldest first; the last 20,000 are kept. */
    log: LogEntry[];
    /** Nango-side requests by endpoint label, e.g. `nango GET /proxy`. */
    nango: Record<string, number>;
    /** Retries the proxy performed. */
    proxyRetries: number;
    /** Current value of the api-usage counter reported in Sforce-Limit-Info. */
    apiUsage: number;
    /** Successful `nango deploy` runs. */
    deployments: number;
    /** Bulk API 2.0 query jobs and result pages. */
    bulk: BulkStats;
    /** Injected faults that fired. */
    faultsFired: number;
    /** What the Nango runtime ran of the deployed functions: action calls, re-runs, MCP tool calls, sync runs. */
    runtime: RuntimeStats;
}

const MAX_LOG = 20_000;

export function newStats(): ServerState['stats'] {
    return { calls: 0, byEndpoint: {}, bytesOut: 0, log: [], nango: {} };
}

export function snapshotStats(state: ServerState): Stats {
    const s = state.stats;
    return {
        calls: s.calls,
        byEndpoint: { ...s.byEndpoint },
        bytesOut: s.bytesOut,
        log: [...s.log],
        nango: { ...s.nango },
        proxyRetries: state.nango.proxyRetries,
        apiUsage: state.sf.apiUsage,
        deployments: state.nango.deployments,
        bulk: { ...state.sf.bulk.stats },
        faultsFired: state.faults.fired().length,
        runtime: { ...state.nango.runtime.stats, attempts: [...state.nango.runtime.stats.attempts] }
    };
}

export function resetStats(state: ServerState): void {
    state.stats = newStats();
    state.nango.proxyRetries = 0;
    state.sf.bulk.resetStats();
    state.nango.runtime.resetStats();
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

async function control(req: Req, state: ServerState): Promise<Res> {
    const p = req.path.replace(/\/+$/, '');
    if (req.method === 'GET' && p === '/__emulator/stats') return json(200, snapshotStats(state));
    if (req.method === 'POST' && p === '/__emulator/reset-stats') {
        resetStats(state);
        return json(200, { ok: true });
    }
    if ((req.method === 'PUT' || req.method === 'POST') && p === '/__emulator/metadata') {
        try {
            const value: unknown = JSON.parse(req.body.toString('utf8') || '{}');
            if (value === null || typeof value !== 'object' || Array.isArray(value)) return json(400, { error: 'metadata must be a JSON object' });
            state.nango.metadata = value as Record<string, unknown>;
            return json(200, { ok: true, metadata: state.nango.metadata });
        } catch {
            return json(400, { error: 'invalid JSON' });
        }
    }
    if (p === '/__emulator/faults' || p.startsWith('/__emulator/faults/')) {
        const id = p.slice('/__emulator/faults/'.length);
        if (req.method === 'GET' && p === '/__emulator/faults') return json(200, { rules: state.faults.rules(), fired: state.faults.fired() });
        if (req.method === 'DELETE' && p === '/__emulator/faults') {
            state.faults.clear();
            return json(200, { ok: true });
        }
        if (req.method === 'DELETE' && id !== '') return state.faults.remove(decodeURIComponent(id)) ? json(200, { ok: true }) : json(404, { error: 'unknown fault' });
        if (req.method === 'POST' && p === '/__emulator/faults') {
            try {
                const body: unknown = JSON.parse(req.body.toString('utf8') || '{}');
                const rules = Array.isArray(body) ? body : [body];
                const ids = rules.map((r) => state.faults.inject(ruleFromJson(r)).id);
                return json(200, { ok: true, ids, id: ids[0] });
            } catch (err) {
                return json(400, { error: err instanceof Error ? err.message : String(err) });
            }
        }
        return json(405, { error: 'method not allowed' });
    }
    if (p === '/__emulator/field-security') {
        // The connected user's field-level security: GET shows it; PUT/POST {hiddenFields?, readOnlyFields?} replaces
        // the lists given ("grant" a field by leaving it out of hiddenFields), as emu.setFieldSecurity() does.
        const security = state.sf.org.schema.fieldSecurity;
        const current = (): Record<string, unknown> => ({ hiddenFields: security.hiddenFields, readOnlyFields: security.readOnlyFields });
        if (req.method === 'GET') return json(200, current());
        if (req.method !== 'PUT' && req.method !== 'POST') return json(405, { error: 'method not allowed' });
        try {
            const body: unknown = JSON.parse(req.body.toString('utf8') || '{}');
            if (body === null || typeof body !== 'object' || Array.isArray(body)) return json(400, { error: 'expected a JSON object {hiddenFields?, readOnlyFields?}' });
            const o = body as Record<string, unknown>;
            for (const k of Object.keys(o)) if (k !== 'hiddenFields' && k !== 'readOnlyFields') return json(400, { error: `unknown key '${k}': expected hiddenFields and/or readOnlyFields` });
            const list = (k: string): string[] | undefined => {
                const v = o[k];
                if (v === undefined) return undefined;
                if (!Array.isArray(v)) throw new Error(`${k} must be an array of 'Object.Field' strings`);
                return v as string[];
            };
            const hiddenFields = list('hiddenFields');
            const readOnlyFields = list('readOnlyFields');
            state.sf.org.schema.setFieldSecurity({ ...(hiddenFields ? { hiddenFields } : {}), ...(readOnlyFields ? { readOnlyFields } : {}) }, new Date(state.sf.org.now()));
            return json(200, { ok: true, ...current() });
        } catch (err) {
            return json(400, { error: err instanceof Error ? err.message : String(err) });
        }
    }
    if (req.method === 'GET' && p === '/__emulator/deployed') {
        // without the bundles' code (a few MB)
        const functions = [...state.nango.deployed.values()].map(({ js: _js, ...rest }) => rest);
        return json(200, { functions, bundles: [...state.nango.deployedBundles.values()] });
    }
    // the change notifier (issue 13): what the Nango side received, and what the org sent (secrets included: test only)
    if (req.method === 'GET' && p === '/__emulator/webhooks') return json(200, { webhooks: state.webhooks });
    if (req.method === 'DELETE' && p === '/__emulator/webhooks') {
        state.webhooks.length = 0;
        return json(200, { ok: true });
    }
    if (req.method === 'GET' && p === '/__emulator/notifier') {
        const n = state.sf.notifier;
        return json(200, { installed: n !== undefined, objects: n ? [...n.objects] : [], url: n?.url ?? null, connectionId: n?.connectionId ?? null, sent: state.sf.notifications });
    }
    return json(404, { error: 'unknown control path' });
}

async function dispatch(req: Req, state: ServerState): Promise<{ res: Res; kind: LogEntry['kind'] | 'control' }> {
    if (req.path.startsWith('/__emulator/')) return { res: await control(req, state), kind: 'control' };
    // one request is one unit of work: its committed changes reach the change notifier together, after the response
    const sf = state.sf.org.unitOfWork(() => handleSalesforce(req, state.sf));
    if (sf) return { res: sf, kind: 'salesforce' };
    const webhook = handleNangoWebhook(req, state);
    if (webhook) return { res: webhook, kind: 'nango' };
    return { res: await handleNango(req, state.nango), kind: 'nango' };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isSalesforcePath = (p: string): boolean => p.startsWith('/services/') || p === '/services' || p.startsWith('/id/');

export function createServer(getState: () => ServerState): http.Server {
    return http.createServer((incoming, outgoing) => {
        const started = Date.now();
        void (async () => {
            const state = getState();
            const url = new URL(incoming.url ?? '/', 'http://emulator.local');
            const req: Req = { method: (incoming.method ?? 'GET').toUpperCase(), path: url.pathname, url, headers: incoming.headers, body: await readBody(incoming) };
            const stats = state.stats;
            const log = (entry: Omit<LogEntry, 'ms'>): void => {
                stats.log.push({ ...entry, ms: Date.now() - started });
                if (stats.log.length > MAX_LOG) stats.log.splice(0, stats.log.length - MAX_LOG);
            };
            const due = isSalesforcePath(req.path) ? state.faults.check(req) : undefined;
            let res: Res | undefined;
            let kind: LogEntry['kind'] | 'control' = 'salesforce';
            if (due) {
                const { rule, fault } = due;
                if (fault.kind === 'delay') await sleep(fault.ms);
                if (fault.kind === 'drop') {
                    state.faults.record(rule, req, 0, Date.now());
                    stats.calls++;
                    const endpoint = endpointOf(req, state.sf);
                    stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
                    log({ method: req.method, path: req.path + url.search, status: 0, bytes: 0, kind: 'salesforce', endpoint, fault: rule.id });
                    incoming.socket.destroy();
                    return;
                }
                const faulted = faultResponse(fault);
                if (faulted) {
                    const versioned = /^\/services\/data\/v\d+\.\d+(\/|$)/.test(req.path);
                    res = { ...faulted, headers: { ...faulted.headers, ...(versioned && fault.kind === 'error' ? limitHeader(state.sf) : {}) }, endpoint: endpointOf(req, state.sf) };
                }
            }
            if (!res) {
                try {
                    ({ res, kind } = await dispatch(req, state));
                    // a round trip of latencyMs from the request's arrival: the org's own work is part of it, as on a
                    // real org whose servers work while the client waits (the emulator shares the client's CPU)
                    if (kind === 'salesforce' && state.sf.latencyMs > 0) await sleep(state.sf.latencyMs - (Date.now() - started));
                } catch (err) {
                    kind = req.path.startsWith('/services/') ? 'salesforce' : 'nango';
                    const message = err instanceof Error ? err.message : String(err);
                    res = kind === 'salesforce' ? json(500, [{ message: `An unexpected error occurred: ${message}`, errorCode: 'UNKNOWN_EXCEPTION' }]) : json(500, { error: { code: 'server_error', message } });
                }
            }
            const body = typeof res.body === 'string' ? Buffer.from(res.body, 'utf8') : res.body;
            const dropAfter = due?.fault.kind === 'drop-after';
            if (dropAfter) {
                incoming.socket.destroy();
            } else {
                const headers: Record<string, string | number> = { ...res.headers };
                // Salesforce stamps every response with its server time (an HTTP Date header, RFC 7231 IMF-fixdate);
                // the emulator's comes from its clock, so a fake clock shows there too. (node:http would add the
                // machine's time otherwise.) Clients can read the org's "now" from it instead of trusting their own.
                if (isSalesforcePath(req.path) && !Object.keys(headers).some((h) => h.toLowerCase() === 'date')) headers['Date'] = new Date(state.sf.org.now()).toUTCString();
                if (res.status !== 204 && res.status !== 304) headers['Content-Length'] = body.length;
                outgoing.writeHead(res.status, headers);
                outgoing.end(res.status === 204 || res.status === 304 || req.method === 'HEAD' ? undefined : body);
            }
            if (due) state.faults.record(due.rule, req, dropAfter ? 0 : res.status, Date.now());
            if (kind === 'control') return;
            const endpoint = res.endpoint ?? `${req.method} ${req.path}`;
            if (kind === 'salesforce') {
                stats.calls++;
                if (!dropAfter) stats.bytesOut += body.length;
                stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
            } else {
                stats.nango[endpoint] = (stats.nango[endpoint] ?? 0) + 1;
            }
            log({ method: req.method, path: req.path + url.search, status: dropAfter ? 0 : res.status, bytes: dropAfter ? 0 : body.length, kind, endpoint, ...(due ? { fault: due.rule.id } : {}) });
        })().catch((err: unknown) => {
            if (!outgoing.headersSent) outgoing.writeHead(500, { 'Content-Type': 'text/plain' });
            outgoing.end(String(err));
        });
    });
}

export function listen(server: http.Server, port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve((server.address() as AddressInfo).port);
        });
    });
}
