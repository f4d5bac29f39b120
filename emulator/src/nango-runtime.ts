/**
 * A small stand-in for Nango's runtime, on the functions the emulator received from `nango deploy`: it runs their
 * compiled bundles (runner.ts) the way Nango's runner does, and answers the API a customer's backend and an agent use.
 *
 * - `POST /action/trigger` (headers Connection-Id, Provider-Config-Key, X-Async, X-Max-Retries 0–5; body
 *   `{ action_name, input }`): 200 with the action's output; a failure answers as Nango's server does, 500
 *   `{ error: { message, code: 'action_script_runtime_error', payload } }` where payload is the ActionError's payload
 *   (`action_script_failure` with `{ message }` for any other exception). A failed run is run again up to
 *   X-Max-Retries times (Nango's orchestrator retries any failed attempt, not only network errors).
 *   With `X-Async: true`: 202 `{ id, statusUrl }` and a Location header; `GET /action/{id}` answers the output (or
 *   the error) once the run ended, and 404 `not_found` before (simplified: Nango also notifies the customer's webhook
 *   when an async action ends; the emulator does not).
 * - `POST /sync/trigger` (`{ syncs, provider_config_key, connection_id, opts: { reset, emptyCache } }`) starts a run
 *   of each sync in the background, one after the other, with the checkpoint its last run saved; `GET /sync/status`
 *   reports RUNNING / SUCCESS / ERROR with the record counts. `GET /records` (model, cursor, modified_after, limit,
 *   filter added/updated/deleted, ids) pages through what the runs saved and deleted, oldest change first, each record
 *   with `_nango_metadata`, as Nango's records API does. Simplified: no schedule (runs happen only when triggered),
 *   no variants, cursors are opaque but not Nango's encoding.
 * - `POST /mcp`: Nango's connection MCP server (Streamable HTTP, stateless: one server per request, as Nango builds
 *   it): one tool per deployed action (name, description, inputSchema = the action input's JSON Schema), and
 *   `tools/call` runs the action with up to 3 re-runs of a failed attempt, as Nango's MCP server asks its orchestrator;
 *   the output comes back as JSON text, a failure as a JSON-RPC error whose message is the error's JSON.
 *   `GET /mcp` is refused with 405 (Nango serves no SSE stream there).
 * - `GET /scripts/config?format=openai`: the actions as OpenAI function definitions; `format=nango`: the deployed
 *   functions' configuration.
 *
 * Modeled on Nango's server source (controllers/action/postTriggerAction.ts, runAction.ts, getAsyncActionResult.ts,
 * controllers/mcp/connectionTools.ts and connectionToolsServer.ts) and the @nangohq/types 0.71.10 endpoint types.
 * Every attempt is counted in `stats().runtime` so tests can see re-runs.
 */
import * as crypto from 'node:crypto';

import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';

import type { DeployedFunction } from './deploy.js';
import { header, json, type Req, type Res } from './http.js';
import { RecordCache, runBundle, type RunResult, type ScriptInfo } from './runner.js';

/** One run of a deployed function (every attempt of an action, every sync run), for the stats. */
export interface RuntimeAttempt {
    name: string;
    via: 'trigger' | 'async' | 'mcp' | 'sync';
    /** 1 for the first attempt, 2 for the first re-run, … */
    attempt: number;
    ok: boolean;
    /** The ActionError payload's `type` (or `thrown`) of a failed attempt. */
    errorType?: string;
    ms: number;
}

export interface RuntimeStats {
    /** Actions triggered (POST /action/trigger, sync or async) and MCP tool calls, each counted once. */
    actionCalls: number;
    /** Attempts beyond the first: the re-runs X-Max-Retries and the MCP server asked for. */
    reruns: number;
    mcpToolCalls: number;
    syncRuns: number;
    attempts: RuntimeAttempt[];
}

interface SyncState {
    status: 'RUNNING' | 'SUCCESS' | 'ERROR';
    checkpoint: Record<string, unknown> | null;
    finishedAt?: string;
    error?: string;
    /** Records saved and deleted by the last run, by model. */
    latestResult?: Record<string, { added: number; deleted: number }>;
    running?: Promise<void>;
}

interface AsyncAction {
    done: boolean;
    status: number;
    body: unknown;
}

const MAX_ATTEMPTS_LOG = 2_000;
const MCP_RERUNS = 3;

export interface RuntimeHost {
    connectionId: string;
    /** The emulator's own URL: the Nango host the bundles call. */
    baseUrl: () => string;
    deployed: Map<string, DeployedFunction>;
    /** Base delay before a re-run, in ms (the emulator's proxyRetryBaseMs). */
    retryBaseMs: number;
}

function nangoError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Res {
    return json(status, { error: { code, message, ...extra } });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class NangoRuntime {
    readonly records = new RecordCache();
    private readonly syncs = new Map<string, SyncState>();
    private readonly asyncActions = new Map<string, AsyncAction>();
    stats: RuntimeStats = { actionCalls: 0, reruns: 0, mcpToolCalls: 0, syncRuns: 0, attempts: [] };

    constructor(private readonly host: RuntimeHost) {}

    resetStats(): void {
        this.stats = { actionCalls: 0, reruns: 0, mcpToolCalls: 0, syncRuns: 0, attempts: [] };
    }

    private fn(type: 'action' | 'sync', name: string): DeployedFunction | undefined {
        return [...this.host.deployed.values()].find((f) => f.type === type && f.name === name);
    }

    private info(f: DeployedFunction): ScriptInfo {
        return { name: f.name, type: f.type, input: f.input, output: f.models, json_schema: f.jsonSchema, version: f.version };
    }

    private record(attempt: RuntimeAttempt): void {
        this.stats.attempts.push(attempt);
        if (this.stats.attempts.length > MAX_ATTEMPTS_LOG) this.stats.attempts.splice(0, this.stats.attempts.length - MAX_ATTEMPTS_LOG);
    }

    /** Runs an action, re-running a failed attempt up to `retries` times; the last attempt's result. */
    private async runAction(f: DeployedFunction, input: unknown, retries: number, via: RuntimeAttempt['via']): Promise<RunResult> {
        this.stats.actionCalls++;
        for (let attempt = 1; ; attempt++) {
            const started = Date.now();
            const result = await runBundle(this.info(f), f.js, { hostport: this.host.baseUrl(), connectionId: this.host.connectionId, input });
            const errorType = result.error ? (result.error.type === 'thrown' ? 'thrown' : String(result.error.payload?.type ?? result.error.type)) : undefined;
            this.record({ name: f.name, via, attempt, ok: !result.error, ...(errorType ? { errorType } : {}), ms: Date.now() - started });
            if (!result.error || attempt > retries) return result;
            this.stats.reruns++;
            await sleep(this.host.retryBaseMs * 2 ** (attempt - 1));
        }
    }

    /** Nango's answer to a finished action run: its output, or its error. */
    private static answer(result: RunResult): { status: number; body: unknown } {
        if (!result.error) return { status: 200, body: result.output ?? null };
        if (result.error.type === 'thrown') {
            return { status: 500, body: { error: { message: 'The action script failed with an error', code: 'action_script_failure', payload: { message: result.error.message ?? '' } } } };
        }
        return { status: 500, body: { error: { message: 'The action script failed with a runtime error', code: 'action_script_runtime_error', payload: result.error.payload ?? {} } } };
    }

    private connectionCheck(req: Req): Res | undefined {
        const connectionId = header(req, 'connection-id');
        const pck = header(req, 'provider-config-key');
        if (!connectionId || !pck) return nangoError(400, 'invalid_headers', 'Connection-Id and Provider-Config-Key headers are required');
        if (connectionId !== this.host.connectionId) return nangoError(400, 'unknown_connection', 'Failed to find connection');
        if (pck !== 'salesforce') return nangoError(400, 'unknown_provider', 'Failed to find provider');
        return undefined;
    }

    /** Answers the runtime's routes; undefined for any other path. */
    async handle(req: Req, p: string, body: () => unknown): Promise<Res | undefined> {
        const route = `${req.method} ${p}`;
        if (route === 'POST /action/trigger') return { ...(await this.trigger(req, body())), endpoint: 'nango POST /action/trigger' };
        const asyncMatch = /^\/action\/([^/]+)$/.exec(p);
        if (req.method === 'GET' && asyncMatch) return { ...this.asyncResult(decodeURIComponent(asyncMatch[1] ?? '')), endpoint: 'nango GET /action/{id}' };
        if (route === 'POST /sync/trigger') return { ...this.triggerSyncs(req, body()), endpoint: 'nango POST /sync/trigger' };
        if (route === 'GET /sync/status') return { ...this.syncStatus(req), endpoint: 'nango GET /sync/status' };
        if (route === 'GET /records') return { ...this.listRecords(req), endpoint: 'nango GET /records' };
        if (route === 'GET /scripts/config') return { ...this.scriptsConfig(req), endpoint: 'nango GET /scripts/config' };
        if (p === '/mcp') {
            if (req.method !== 'POST') return { ...json(405, { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }), endpoint: `nango ${req.method} /mcp` };
            return { ...(await this.mcp(req)), endpoint: 'nango POST /mcp' };
        }
        return undefined;
    }

    private async trigger(req: Req, body: unknown): Promise<Res> {
        const rawRetries = header(req, 'x-max-retries');
        const retries = rawRetries === undefined ? 0 : Number(rawRetries);
        if (!Number.isInteger(retries) || retries < 0 || retries > 5) return nangoError(400, 'invalid_headers', 'X-Max-Retries must be a whole number from 0 to 5');
        const isAsync = /^(true|1|yes|on)$/i.test(header(req, 'x-async') ?? '');
        const refused = this.connectionCheck(req);
        if (refused) return refused;
        const b = body as { action_name?: unknown; input?: unknown } | undefined;
        if (!b || typeof b.action_name !== 'string' || b.action_name === '') return nangoError(400, 'invalid_body', 'action_name is required');
        const f = this.fn('action', b.action_name);
        if (!f) return nangoError(404, 'not_found', 'Action not found');
        if (!isAsync) {
            const { status, body: out } = NangoRuntime.answer(await this.runAction(f, b.input, retries, 'trigger'));
            return json(status, out);
        }
        const id = crypto.randomUUID();
        const entry: AsyncAction = { done: false, status: 404, body: null };
        this.asyncActions.set(id, entry);
        void this.runAction(f, b.input, retries, 'async').then((result) => {
            const { status, body: out } = NangoRuntime.answer(result);
            Object.assign(entry, { done: true, status, body: out });
        });
        const statusUrl = `/action/${id}`;
        return json(202, { id, statusUrl }, { Location: statusUrl });
    }

    private asyncResult(id: string): Res {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
            return json(400, { error: { code: 'invalid_uri_params', errors: [{ code: 'invalid_string', message: 'Invalid uuid', path: ['id'] }] } });
        }
        const entry = this.asyncActions.get(id);
        if (!entry || !entry.done) return nangoError(404, 'not_found', `No action '${id}' found`);
        return json(entry.status, entry.body);
    }

    private triggerSyncs(req: Req, body: unknown): Res {
        const b = (body ?? {}) as { syncs?: unknown; provider_config_key?: unknown; connection_id?: unknown; opts?: { reset?: unknown; emptyCache?: unknown } };
        const pck = typeof b.provider_config_key === 'string' ? b.provider_config_key : header(req, 'provider-config-key');
        const connectionId = typeof b.connection_id === 'string' ? b.connection_id : header(req, 'connection-id');
        if (!pck) return nangoError(400, 'missing_provider_config_key', 'provider_config_key is required');
        if (pck !== 'salesforce') return nangoError(400, 'unknown_provider_config', 'Unknown provider config key');
        if (connectionId !== undefined && connectionId !== this.host.connectionId) return nangoError(400, 'unknown_connection', 'Failed to find connection');
        const names = Array.isArray(b.syncs) ? b.syncs.map((x) => (typeof x === 'string' ? x : String((x as { name?: unknown })?.name ?? ''))) : [];
        const syncs = names.map((n) => this.fn('sync', n));
        if (syncs.length === 0 || syncs.some((f) => !f)) return nangoError(404, 'no_syncs_found', `No deployed sync named ${names.filter((_n, i) => !syncs[i]).join(', ') || '(none given)'}`);
        for (const f of syncs as DeployedFunction[]) this.startSync(f, b.opts?.reset === true, b.opts?.emptyCache === true);
        return json(200, { success: true });
    }

    /** Starts a run of a sync after the one already running (if any); resolves when this run ended. */
    startSync(f: DeployedFunction, reset = false, emptyCache = false): Promise<void> {
        const state = this.syncs.get(f.name) ?? { status: 'SUCCESS', checkpoint: null };
        this.syncs.set(f.name, state);
        const previous = state.running ?? Promise.resolve();
        const run = previous.then(async () => {
            state.status = 'RUNNING';
            if (reset) state.checkpoint = null;
            if (emptyCache) for (const model of f.models) for (const id of this.records.ids(model)) this.records.delete(model, [{ id }]);
            this.stats.syncRuns++;
            const started = Date.now();
            const result = await runBundle(this.info(f), f.js, {
                hostport: this.host.baseUrl(),
                connectionId: this.host.connectionId,
                checkpoint: state.checkpoint,
                cache: this.records,
                syncId: `emulator-${f.name}`
            });
            this.record({ name: f.name, via: 'sync', attempt: 1, ok: !result.error, ...(result.error ? { errorType: result.error.type } : {}), ms: Date.now() - started });
            state.checkpoint = result.checkpoint;
            state.finishedAt = new Date().toISOString();
            state.latestResult = Object.fromEntries(f.models.map((m) => [m, { added: (result.saved[m] ?? []).length, deleted: (result.deleted[m] ?? []).length }]));
            state.status = result.error ? 'ERROR' : 'SUCCESS';
            if (result.error) state.error = result.error.message ?? JSON.stringify(result.error.payload);
            else delete state.error;
        });
        state.running = run;
        return run;
    }

    private syncStatus(req: Req): Res {
        const pck = req.url.searchParams.get('provider_config_key');
        const wanted = req.url.searchParams.get('syncs');
        if (!pck || !wanted) return nangoError(400, 'invalid_query_params', 'syncs and provider_config_key are required');
        const names = wanted === '*' ? [...this.host.deployed.values()].filter((f) => f.type === 'sync').map((f) => f.name) : wanted.split(',').map((x) => x.trim());
        const syncs = names.flatMap((name) => {
            const f = this.fn('sync', name);
            if (!f) return [];
            const state = this.syncs.get(name);
            return [
                {
                    id: `emulator-${name}`,
                    type: state?.checkpoint ? 'INCREMENTAL' : 'INITIAL',
                    name,
                    variant: 'base',
                    connection_id: this.host.connectionId,
                    status: state?.status ?? 'PAUSED',
                    frequency: f.runs,
                    finishedAt: state?.finishedAt,
                    nextScheduledSyncAt: null,
                    latestExecutionStatus: state?.status,
                    latestResult: state?.latestResult,
                    recordCount: Object.fromEntries(f.models.map((m) => [m, this.records.count(m)])),
                    checkpoint: state?.checkpoint ?? null,
                    ...(state?.error ? { error: state.error } : {})
                }
            ];
        });
        return json(200, { syncs });
    }

    private listRecords(req: Req): Res {
        const refused = this.connectionCheck(req);
        if (refused) return refused;
        const q = req.url.searchParams;
        const model = q.get('model');
        if (!model) return nangoError(400, 'invalid_query_params', 'model is required');
        const limit = q.get('limit') === null ? 100 : Number(q.get('limit'));
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return nangoError(400, 'invalid_query_params', 'limit must be a whole number from 1 to 10000');
        const filter = q.get('filter');
        const actions = filter === null ? undefined : new Set(filter.split(',').map((x) => x.trim().toUpperCase()));
        if (actions && [...actions].some((a) => !['ADDED', 'UPDATED', 'DELETED'].includes(a))) return nangoError(400, 'invalid_query_params', 'filter must be added, updated or deleted, or two of them separated by a comma');
        const modifiedAfter = q.get('modified_after') ?? q.get('delta');
        const after = modifiedAfter === null ? undefined : Date.parse(modifiedAfter);
        if (after !== undefined && Number.isNaN(after)) return nangoError(400, 'invalid_query_params', 'modified_after must be an ISO 8601 date-time');
        const ids = q.getAll('ids');
        const cursor = q.get('cursor');
        let position = '';
        if (cursor !== null) {
            position = Buffer.from(cursor, 'base64url').toString('utf8');
            if (!/^\d{12}$/.test(position)) return nangoError(400, 'invalid_query_params', 'cursor is not one this API gave');
        }
        const matching = this.records.changes(model).filter((r) => {
            const m = r._nango_metadata;
            if (position !== '' && m.cursor <= position) return false;
            if (actions && !actions.has(m.last_action)) return false;
            if (after !== undefined && Date.parse(m.last_modified_at) < after) return false;
            if (ids.length > 0 && !ids.includes(String(r['id']))) return false;
            return true;
        });
        const page = matching.slice(0, limit).map((r) => ({ ...r, _nango_metadata: { ...r._nango_metadata, cursor: Buffer.from(r._nango_metadata.cursor).toString('base64url'), pruned_at: null } }));
        const last = page[page.length - 1];
        return json(200, { records: page, next_cursor: matching.length > limit && last ? last._nango_metadata.cursor : null });
    }

    private actions(): DeployedFunction[] {
        return [...this.host.deployed.values()].filter((f) => f.type === 'action').sort((a, b) => a.name.localeCompare(b.name));
    }

    private static inputSchema(f: DeployedFunction): Record<string, unknown> | undefined {
        const defs = (f.jsonSchema['definitions'] ?? {}) as Record<string, Record<string, unknown>>;
        const schema = f.input ? defs[f.input] : undefined;
        return schema && schema['type'] === 'object' ? schema : undefined;
    }

    private scriptsConfig(req: Req): Res {
        const format = req.url.searchParams.get('format') ?? 'nango';
        if (format === 'openai') {
            const data = this.actions().map((f) => {
                const schema = NangoRuntime.inputSchema(f);
                const props = (schema?.['properties'] ?? {}) as Record<string, { type?: unknown; description?: unknown }>;
                return {
                    name: f.name,
                    description: f.description,
                    parameters: {
                        type: 'object',
                        properties: Object.fromEntries(
                            Object.entries(props).map(([k, v]) => [k, { type: Array.isArray(v.type) ? String(v.type.find((t) => t !== 'null') ?? 'string') : String(v.type ?? 'object'), description: String(v.description ?? '') }])
                        ),
                        required: Array.isArray(schema?.['required']) ? schema['required'] : []
                    }
                };
            });
            return json(200, { data });
        }
        if (format !== 'nango') return nangoError(400, 'invalid_query_params', 'format must be nango or openai');
        const summary = (f: DeployedFunction) => ({ name: f.name, type: f.type, description: f.description, version: f.version, input: f.input, returns: f.models, ...(f.type === 'sync' ? { runs: f.runs, auto_start: f.autoStart } : {}) });
        const all = [...this.host.deployed.values()];
        return json(200, [{ providerConfigKey: 'salesforce', provider: 'salesforce', syncs: all.filter((f) => f.type === 'sync').map(summary), actions: all.filter((f) => f.type === 'action').map(summary) }]);
    }

    private async mcp(req: Req): Promise<Res> {
        const connectionId = header(req, 'connection-id');
        const pck = header(req, 'provider-config-key');
        if (!connectionId || !pck) return nangoError(400, 'invalid_headers', 'connection-id and provider-config-key headers are required');
        if (connectionId !== this.host.connectionId || pck !== 'salesforce') {
            return nangoError(400, 'unknown_connection', 'Provided connection-id and provider-config-key do not match a valid connection');
        }
        const server = new Server({ name: 'Nango Connection Tools MCP server (Salesforce emulator)', version: '1.0.0' }, { capabilities: { tools: {} } });
        const actions = this.actions();
        server.setRequestHandler(ListToolsRequestSchema, () => ({
            tools: actions.flatMap((f): Tool[] => {
                const schema = NangoRuntime.inputSchema(f);
                if (f.input && !schema) return [];
                return [
                    {
                        name: f.name,
                        description: f.description || f.name,
                        inputSchema: { type: 'object', properties: (schema?.['properties'] ?? {}) as Record<string, object>, ...(Array.isArray(schema?.['required']) ? { required: schema['required'] as string[] } : {}) }
                    }
                ];
            })
        }));
        server.setRequestHandler(CallToolRequestSchema, async (request) => {
            const f = actions.find((a) => a.name === request.params.name);
            if (!f) throw new Error(`Action ${request.params.name} not found`);
            this.stats.mcpToolCalls++;
            const result = await this.runAction(f, request.params.arguments ?? {}, MCP_RERUNS, 'mcp');
            if (result.error) throw new Error(JSON.stringify(NangoRuntime.answer(result).body));
            return { content: [{ type: 'text', text: JSON.stringify(result.output ?? null, null, 2) }] };
        });
        // no session id generator: stateless, as Nango serves it
        const transport = new WebStandardStreamableHTTPServerTransport({});
        await server.connect(transport);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        const request = new globalThis.Request(new URL(req.url.pathname + req.url.search, this.host.baseUrl()), { method: 'POST', headers, body: new Uint8Array(req.body) });
        try {
            const response = await transport.handleRequest(request);
            const out: Record<string, string> = {};
            response.headers.forEach((value, name) => (out[name] = value));
            return { status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) };
        } finally {
            await transport.close();
            await server.close();
        }
    }
}
