/**
 * The composite family (reference §7): /composite (references, allOrNone), /composite/batch (independent,
 * haltOnError) and /composite/graph (independent atomic graphs). Subrequests run in order through the same
 * router as top-level requests (`Dispatch`), without counting as API calls of their own, except in batch.
 */
import { SfError } from '../errors.js';
import { json, type Res } from '../http.js';
import type { SalesforceState } from '../state.js';

export interface InternalResponse {
    status: number;
    headers: Record<string, string>;
    body: unknown;
}

/** Runs one subrequest: method, absolute path with query (`/services/data/vNN.N/...`), JSON body, extra headers. */
export type Dispatch = (method: string, url: string, body: unknown, headers?: Record<string, string>) => InternalResponse;

export const COMPOSITE_MAX_SUBREQUESTS = 25;
export const COMPOSITE_MAX_QUERY_OR_COLLECTION = 5;
export const BATCH_MAX_SUBREQUESTS = 25;
export const GRAPH_MAX_GRAPHS = 75;
export const GRAPH_MAX_NODES = 500;
export const GRAPH_MAX_DEPTH = 15;
/** After this many failed graphs, the remaining graphs are not run (reported PROCESSING_HALTED). */
const GRAPH_MAX_FAILURES = 14;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;
const VERSIONED = /^\/services\/data\/v(\d+\.\d+)\/([^?]*)(\?.*)?$/;
const FORBIDDEN_HEADERS = new Set(['accept', 'authorization', 'content-type']);
const ROLLED_BACK_MESSAGE = 'The transaction was rolled back since another operation in the same transaction failed.';

const invalid = (message: string): SfError => new SfError(400, 'INVALID_INPUT', message);

interface SubRequest {
    method: string;
    url: string;
    referenceId: string;
    body: unknown;
    headers: Record<string, string>;
}

interface SubResponse {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
}

class ReferenceError_ extends Error {}

function objectOf(v: unknown, what: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SfError(400, 'JSON_PARSER_ERROR', `${what} must be a JSON object`);
    return v as Record<string, unknown>;
}

function halted(message: string): unknown[] {
    return [{ errorCode: 'PROCESSING_HALTED', message }];
}

function refMessage(expr: string, refId: string): string {
    return `Invalid reference specified. No value for ${expr} found in ${refId}. Provided referenceId ('${expr}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`;
}

/** Evaluates `ref.a.b[0].c` against earlier results; throws ReferenceError_ when it does not resolve. */
function lookup(expr: string, results: Map<string, SubResponse>): unknown {
    const m = /^([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)$/.exec(expr.trim());
    const refId = m?.[1] ?? expr.split(/[.[]/)[0] ?? expr;
    const prior = results.get(refId);
    if (!m || !prior || prior.httpStatusCode >= 400) throw new ReferenceError_(refMessage(expr, refId));
    let cur: unknown = prior.body;
    for (const step of (m[2] ?? '').match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
        if (step.startsWith('[')) {
            const i = Number(step.slice(1, -1));
            cur = Array.isArray(cur) ? cur[i] : undefined;
        } else {
            const key = step.slice(1);
            if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) cur = undefined;
            else {
                const o = cur as Record<string, unknown>;
                // Field names are matched as given, then case-insensitively (`id` vs `Id`).
                const k = key in o ? key : Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
                cur = k === undefined ? undefined : o[k];
            }
        }
        if (cur === undefined) throw new ReferenceError_(refMessage(expr, refId));
    }
    return cur;
}

/** Replaces `@{…}` references in strings (deeply); a string that is exactly one reference takes the raw value. */
function resolve(value: unknown, results: Map<string, SubResponse>): unknown {
    if (typeof value === 'string') {
        const whole = /^@\{([^}]*)\}$/.exec(value);
        if (whole) return lookup(whole[1] ?? '', results);
        return value.replace(/@\{([^}]*)\}/g, (_, expr: string) => {
            const v = lookup(expr, results);
            return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        });
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, results));
    if (value !== null && typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = resolve(v, results);
        return out;
    }
    return value;
}

/** referenceIds an expression tree refers to (for graph depth and cross-graph checks). */
function referencesOf(value: unknown, out: Set<string> = new Set()): Set<string> {
    if (typeof value === 'string') {
        for (const m of value.matchAll(/@\{([A-Za-z0-9_]+)/g)) out.add(m[1] as string);
    } else if (Array.isArray(value)) {
        for (const v of value) referencesOf(v, out);
    } else if (value !== null && typeof value === 'object') {
        for (const v of Object.values(value)) referencesOf(v, out);
    }
    return out;
}

function parseSubRequests(raw: unknown, what: string): SubRequest[] {
    if (!Array.isArray(raw)) throw new SfError(400, 'JSON_PARSER_ERROR', `${what} must be an array`);
    const seen = new Set<string>();
    return raw.map((item, i) => {
        const o = objectOf(item, `${what}[${i}]`);
        const method = o['method'];
        const url = o['url'];
        const referenceId = o['referenceId'];
        if (typeof method !== 'string' || !METHODS.has(method)) throw invalid(`${what}[${i}]: method must be one of GET, POST, PUT, PATCH, DELETE (case-sensitive); got ${JSON.stringify(method)}`);
        if (typeof url !== 'string' || !VERSIONED.test(url)) throw invalid(`${what}[${i}]: url must start with /services/data/vXX.X/; got ${JSON.stringify(url)}`);
        if (typeof referenceId !== 'string' || referenceId === '') throw invalid(`${what}[${i}]: referenceId is required`);
        if (!REFERENCE_ID.test(referenceId)) {
            throw invalid(`Invalid referenceId '${referenceId}': a referenceId must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`);
        }
        if (seen.has(referenceId)) throw invalid(`Duplicate referenceId '${referenceId}'. referenceIds must be unique within a request.`);
        seen.add(referenceId);
        const headers: Record<string, string> = {};
        if (o['httpHeaders'] !== undefined) {
            for (const [k, v] of Object.entries(objectOf(o['httpHeaders'], `${what}[${i}].httpHeaders`))) {
                if (FORBIDDEN_HEADERS.has(k.toLowerCase())) throw invalid(`${what}[${i}]: the ${k} header can't be set on a subrequest`);
                headers[k.toLowerCase()] = String(v);
            }
        }
        return { method, url, referenceId, body: o['body'], headers };
    });
}

/** Resource family of a versioned path: 'sobjects', 'query', 'queryAll', 'collections', … */
function resourceOf(url: string): string {
    const m = VERSIONED.exec(url);
    const rest = (m?.[2] ?? '').split('/').filter((x) => x !== '');
    if (rest[0] === 'composite' && rest[1] === 'sobjects') return 'collections';
    return rest[0] ?? '';
}

function toSubResponse(referenceId: string, r: InternalResponse): SubResponse {
    const httpHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) {
        if (k.toLowerCase() === 'location') httpHeaders['Location'] = v;
        if (k.toLowerCase() === 'etag') httpHeaders['ETag'] = v;
        if (k.toLowerCase() === 'last-modified') httpHeaders['Last-Modified'] = v;
    }
    return { body: r.status === 204 ? null : r.body, httpHeaders, httpStatusCode: r.status, referenceId };
}

/** A collections subrequest whose per-record results contain a failure (fails an allOrNone composite). */
function collectionFailed(sub: SubRequest, r: SubResponse): boolean {
    return resourceOf(sub.url) === 'collections' && Array.isArray(r.body) && r.body.some((x) => x !== null && typeof x === 'object' && (x as Record<string, unknown>)['success'] === false);
}

/**
 * Runs subrequests in order. allOrNone: the first failure rolls back every write and every other subrequest
 * (before or after it) reports PROCESSING_HALTED. Otherwise a subrequest whose references cannot be resolved
 * (e.g. it depends on a failed one) reports PROCESSING_HALTED and the others run.
 */
function runSubRequests(s: SalesforceState, dispatch: Dispatch, subs: SubRequest[], allOrNone: boolean, preFailed?: Map<number, unknown[]>): { responses: SubResponse[]; ok: boolean } {
    const org = s.org;
    const results = new Map<string, SubResponse>();
    const responses: SubResponse[] = [];
    const sp = org.begin();
    const previousForce = s.forceAllOrNone;
    if (allOrNone) s.forceAllOrNone = true;
    let failedAt = -1;
    try {
        for (let i = 0; i < subs.length; i++) {
            const sub = subs[i] as SubRequest;
            const pre = preFailed?.get(i);
            let res: SubResponse;
            if (pre) {
                res = { body: pre, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId };
            } else {
                try {
                    const url = resolve(sub.url, results);
                    const body = sub.body === undefined ? undefined : resolve(sub.body, results);
                    res = toSubResponse(sub.referenceId, dispatch(sub.method, String(url), body, sub.headers));
                } catch (err) {
                    if (!(err instanceof ReferenceError_)) throw err;
                    res = { body: halted(err.message), httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId };
                }
            }
            responses.push(res);
            results.set(sub.referenceId, res);
            if (allOrNone && (res.httpStatusCode >= 400 || collectionFailed(sub, res))) {
                failedAt = i;
                break;
            }
        }
    } finally {
        s.forceAllOrNone = previousForce;
    }
    if (failedAt < 0) {
        org.commit(sp);
        return { responses, ok: responses.every((r) => r.httpStatusCode < 400) };
    }
    org.rollback(sp);
    const out = subs.map((sub, i): SubResponse =>
        i === failedAt ? (responses[i] as SubResponse) : { body: halted(ROLLED_BACK_MESSAGE), httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId }
    );
    return { responses: out, ok: false };
}

// ---------------------------------------------------------------------------------------------- /composite

export function composite(s: SalesforceState, version: string, body: Record<string, unknown>, dispatch: Dispatch): Res {
    void version;
    const subs = parseSubRequests(body['compositeRequest'], 'compositeRequest');
    if (subs.length === 0) throw invalid('compositeRequest must contain at least one subrequest');
    if (subs.length > COMPOSITE_MAX_SUBREQUESTS) {
        throw new SfError(400, 'LIMIT_EXCEEDED', `A composite request can contain at most ${COMPOSITE_MAX_SUBREQUESTS} subrequests; this one has ${subs.length}.`);
    }
    const heavy = subs.filter((r) => ['query', 'queryAll', 'collections'].includes(resourceOf(r.url))).length;
    if (heavy > COMPOSITE_MAX_QUERY_OR_COLLECTION) {
        throw new SfError(400, 'LIMIT_EXCEEDED', `A composite request can contain at most ${COMPOSITE_MAX_QUERY_OR_COLLECTION} query, queryAll or sObject Collections subrequests; this one has ${heavy}.`);
    }
    for (const r of subs) {
        const res = resourceOf(r.url);
        if (!['sobjects', 'query', 'queryAll', 'collections'].includes(res)) {
            throw invalid(`The composite resource does not support subrequests to ${r.url.split('?')[0]}. Supported: /sobjects, /query, /queryAll, /composite/sobjects.`);
        }
    }
    const allOrNone = body['allOrNone'] === true;
    const { responses } = runSubRequests(s, dispatch, subs, allOrNone);
    return json(200, { compositeResponse: responses });
}

// ---------------------------------------------------------------------------------------------- /composite/batch

const BATCH_RESOURCES = new Set(['limits', 'sobjects', 'query', 'queryAll', 'search', 'parameterizedSearch', 'connect', 'chatter', 'actions']);

export function batch(s: SalesforceState, version: string, body: Record<string, unknown>, dispatch: Dispatch): Res {
    const raw = body['batchRequests'];
    if (!Array.isArray(raw)) throw new SfError(400, 'JSON_PARSER_ERROR', 'batchRequests must be an array');
    if (raw.length > BATCH_MAX_SUBREQUESTS) throw new SfError(400, 'LIMIT_EXCEEDED', `A batch request can contain at most ${BATCH_MAX_SUBREQUESTS} subrequests; this one has ${raw.length}.`);
    const haltOnError = body['haltOnError'] === true;
    const subs = raw.map((item, i) => {
        const o = objectOf(item, `batchRequests[${i}]`);
        const method = o['method'];
        const url = o['url'];
        if (typeof method !== 'string' || !METHODS.has(method)) throw invalid(`batchRequests[${i}]: invalid method ${JSON.stringify(method)}`);
        const m = typeof url === 'string' ? /^\/?v(\d+\.\d+)\/([^?]*)(\?.*)?$/.exec(url) : null;
        if (!m) throw invalid(`batchRequests[${i}]: url must be relative and start with vXX.X/ (e.g. v${version}/sobjects/Account); got ${JSON.stringify(url)}`);
        const subVersion = Number(m[1]);
        if (subVersion < 34 || subVersion > Number(version)) throw invalid(`batchRequests[${i}]: the subrequest API version must be between 34.0 and ${version}`);
        const head = (m[2] ?? '').split('/')[0] ?? '';
        if (!BATCH_RESOURCES.has(head)) throw invalid(`batchRequests[${i}]: the batch resource does not support /${head}`);
        return { method, url: `/services/data/v${m[1]}/${m[2] ?? ''}${m[3] ?? ''}`, body: o['richInput'] };
    });
    const results: Array<{ statusCode: number; result: unknown }> = [];
    let halted = false;
    subs.forEach((sub, i) => {
        if (halted) {
            results.push({ statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request: an earlier subrequest failed and haltOnError is true.' }] });
            return;
        }
        // Each subrequest counts against the API allocation (the batch envelope was counted as the first).
        if (i > 0) {
            if (s.apiUsage >= s.apiBudget) {
                results.push({ statusCode: 403, result: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
                if (haltOnError) halted = true;
                return;
            }
            s.apiUsage++;
        }
        const r = dispatch(sub.method, sub.url, sub.body);
        results.push({ statusCode: r.status, result: r.status === 204 ? null : r.body });
        if (haltOnError && r.status >= 400) halted = true;
    });
    return json(200, { hasErrors: results.some((r) => r.statusCode >= 400 && r.statusCode <= 599), results });
}

// ---------------------------------------------------------------------------------------------- /composite/graph

/** Node kinds a graph allows: POST /sobjects/T, GET|PATCH|DELETE /sobjects/T/id, GET|PATCH|POST|DELETE /sobjects/T/field/value. */
function graphNodeAllowed(method: string, url: string): boolean {
    const m = VERSIONED.exec(url);
    const parts = (m?.[2] ?? '').split('/').filter((x) => x !== '');
    if (parts[0] !== 'sobjects' || parts[1] === undefined) return false;
    if (parts.length === 2) return method === 'POST';
    if (parts[2] === 'describe' || parts[2] === 'quickActions') return false;
    if (parts.length === 3) return ['GET', 'PATCH', 'DELETE'].includes(method);
    if (parts.length === 4) return ['GET', 'PATCH', 'POST', 'DELETE'].includes(method);
    return false;
}

export function graph(s: SalesforceState, version: string, body: Record<string, unknown>, dispatch: Dispatch): Res {
    void version;
    const graphs = body['graphs'];
    if (!Array.isArray(graphs)) throw new SfError(400, 'JSON_PARSER_ERROR', 'graphs must be an array');
    if (graphs.length > GRAPH_MAX_GRAPHS) throw new SfError(400, 'LIMIT_EXCEEDED', `A composite graph request can contain at most ${GRAPH_MAX_GRAPHS} graphs; this one has ${graphs.length}.`);
    const ids = new Set<string>();
    let totalNodes = 0;
    const parsed = graphs.map((g, i) => {
        const o = objectOf(g, `graphs[${i}]`);
        const graphId = o['graphId'];
        if (typeof graphId !== 'string' || !/^[A-Za-z0-9][^.]{0,38}$/.test(graphId)) {
            throw invalid(`graphs[${i}]: graphId must start with a letter or number, be shorter than 40 characters and contain no '.'; got ${JSON.stringify(graphId)}`);
        }
        if (ids.has(graphId)) throw invalid(`Duplicate graphId '${graphId}'`);
        ids.add(graphId);
        const nodes = parseSubRequests(o['compositeRequest'], `graphs[${i}].compositeRequest`);
        if (nodes.length > GRAPH_MAX_NODES) throw new SfError(400, 'LIMIT_EXCEEDED', `A graph can contain at most ${GRAPH_MAX_NODES} nodes; graph '${graphId}' has ${nodes.length}.`);
        totalNodes += nodes.length;
        return { graphId, nodes };
    });
    if (totalNodes > GRAPH_MAX_NODES) throw new SfError(400, 'LIMIT_EXCEEDED', `A composite graph request can contain at most ${GRAPH_MAX_NODES} nodes in total; this one has ${totalNodes}.`);

    let failures = 0;
    const out = parsed.map(({ graphId, nodes }) => {
        if (failures > GRAPH_MAX_FAILURES) {
            const compositeResponse = nodes.map((n) => ({ body: halted('Graph processing halted: too many graphs in this request failed.'), httpHeaders: {}, httpStatusCode: 400, referenceId: n.referenceId }));
            return { graphId, graphResponse: { compositeResponse }, isSuccessful: false };
        }
        // Static checks that fail the graph (not the request): node kinds, references, depth.
        const preFailed = new Map<number, unknown[]>();
        const local = new Set(nodes.map((n) => n.referenceId));
        const depth = new Map<string, number>();
        nodes.forEach((n, i) => {
            if (!graphNodeAllowed(n.method, n.url.replace(/@\{[^}]*\}/g, 'X'))) {
                preFailed.set(i, [{ errorCode: 'INVALID_GRAPH_NODE', message: `${n.method} ${n.url.split('?')[0]} is not allowed in a composite graph: nodes may only be POST /sobjects/{sObject}, GET|PATCH|DELETE /sobjects/{sObject}/{id} or GET|PATCH|POST|DELETE /sobjects/{sObject}/{externalIdField}/{value}.` }]);
                return;
            }
            const refs = referencesOf([n.url, n.body]);
            let d = 1;
            for (const r of refs) {
                if (!local.has(r)) {
                    preFailed.set(i, [{ errorCode: 'INVALID_REFERENCE', message: `Invalid reference specified. '${r}' is not a referenceId of graph '${graphId}': references can only point to nodes of the same graph.` }]);
                    return;
                }
                d = Math.max(d, (depth.get(r) ?? 1) + 1);
            }
            depth.set(n.referenceId, d);
            if (d > GRAPH_MAX_DEPTH) preFailed.set(i, [{ errorCode: 'LIMIT_EXCEEDED', message: `Graph '${graphId}' is deeper than the maximum depth of ${GRAPH_MAX_DEPTH}.` }]);
        });
        const first = [...preFailed.keys()].sort((a, b) => a - b)[0];
        if (first !== undefined) {
            failures++;
            const compositeResponse = nodes.map((n, i) =>
                i === first ? { body: preFailed.get(i), httpHeaders: {}, httpStatusCode: 400, referenceId: n.referenceId } : { body: halted(ROLLED_BACK_MESSAGE), httpHeaders: {}, httpStatusCode: 400, referenceId: n.referenceId }
            );
            return { graphId, graphResponse: { compositeResponse }, isSuccessful: false };
        }
        const { responses, ok } = runSubRequests(s, dispatch, nodes, true);
        if (!ok) failures++;
        return { graphId, graphResponse: { compositeResponse: responses }, isSuccessful: ok };
    });
    return json(200, { graphs: out });
}
