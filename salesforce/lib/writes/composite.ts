/**
 * Composite resources (/composite, /composite/batch, /composite/graph): validation of subrequests against
 * Salesforce's rules and limits before anything is sent, so a request Salesforce would refuse costs no API call.
 */
import { InputError } from '../http/errors.js';
import { isApiName, printable } from '../input/names.js';
import { isRecordId } from '../input/ids.js';

export const MAX_COMPOSITE_SUBREQUESTS = 25;
export const MAX_COMPOSITE_QUERIES_OR_COLLECTIONS = 5;
export const MAX_BATCH_SUBREQUESTS = 25;
export const MAX_GRAPHS = 75;
export const MAX_GRAPH_NODES = 500;
export const MAX_GRAPH_DEPTH = 15;
export const MAX_GRAPH_DIFFERENT_NODES = 15;
/** Salesforce refuses URIs longer than this. */
export const MAX_URL_LENGTH = 16_384;

export const SUBREQUEST_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type SubrequestMethod = (typeof SUBREQUEST_METHODS)[number];

/** referenceId / graphId rule: letters, digits and underscores, starting with a letter or digit. */
export const REFERENCE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_]*$';
const REFERENCE_ID_RE = new RegExp(REFERENCE_ID_PATTERN);
/** A reference such as `@{NewAccount.id}` or `@{Query1.records[0].Id}`. */
const REFERENCE_RE = /@\{([A-Za-z0-9][A-Za-z0-9_]*)(?:[.[][^}]*)?\}/g;

const HEADERS_NOT_ALLOWED = new Set(['accept', 'authorization', 'content-type']);

export interface Subrequest {
    method: SubrequestMethod;
    url: string;
    referenceId: string;
    body?: unknown;
    httpHeaders?: Record<string, string> | undefined;
}

export interface ParsedUrl {
    version: string;
    /** The part after the version, e.g. `sobjects/Account/001…` (without a query string). */
    resource: string;
    segments: string[];
}

/**
 * Checks a subrequest URL: the version prefix Salesforce requires, no traversal (also percent-encoded), no
 * fragment, whitespace or backslash, and one of the allowed resources.
 */
export function parseSubrequestUrl(url: unknown, form: 'absolute' | 'relative', allowed: readonly string[], path: string): ParsedUrl {
    if (typeof url !== 'string' || url.length === 0) {
        throw new InputError('must be a URL string', path);
    }
    if (url.length > MAX_URL_LENGTH) {
        throw new InputError(`must be at most ${MAX_URL_LENGTH} characters`, path);
    }
    if (/[\s\\#\u0000-\u001f\u007f]/.test(url)) {
        throw new InputError(`"${printable(url)}" may not contain whitespace, backslashes, # or control characters`, path);
    }
    const prefix = form === 'absolute' ? /^\/services\/data\/(v\d{2,3}\.\d)\/(.+)$/ : /^(v\d{2,3}\.\d)\/(.+)$/;
    const match = prefix.exec(url);
    if (!match) {
        const example = form === 'absolute' ? '/services/data/v66.0/sobjects/Account' : 'v66.0/sobjects/Account';
        throw new InputError(`"${printable(url)}" must start with ${form === 'absolute' ? '/services/data/vNN.N/' : 'vNN.N/'}, e.g. ${example}`, path);
    }
    const version = match[1] ?? '';
    if (Number(version.slice(1)) < 31) {
        throw new InputError(`API version ${version} is retired; use v31.0 or later`, path);
    }
    const [resourcePath = ''] = (match[2] ?? '').split('?');
    const segments = resourcePath.split('/');
    if (segments.length > 1 && segments[segments.length - 1] === '') {
        segments.pop();
    }
    for (const segment of segments) {
        let decoded: string;
        try {
            decoded = decodeURIComponent(segment);
        } catch {
            throw new InputError(`"${printable(url)}" has a malformed percent-encoding`, path);
        }
        if (segment === '' || decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) {
            throw new InputError(`"${printable(url)}" may not contain empty, "." or ".." path segments, nor an encoded / or \\ in a segment`, path);
        }
    }
    const resource = segments.join('/');
    const ok = allowed.some((name) => resource === name || resource.startsWith(`${name}/`));
    if (!ok) {
        throw new InputError(`"${printable(url)}" is not a resource this request may call (allowed: ${allowed.join(', ')})`, path);
    }
    return { version, resource, segments };
}

function referencesIn(value: unknown): string[] {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    return [...text.matchAll(REFERENCE_RE)].map((m) => m[1] ?? '');
}

function assertHeaders(headers: Record<string, string> | undefined, path: string): void {
    for (const name of Object.keys(headers ?? {})) {
        if (HEADERS_NOT_ALLOWED.has(name.toLowerCase())) {
            throw new InputError(`may not set ${name}; Salesforce refuses Accept, Authorization and Content-Type in subrequests`, `${path}.httpHeaders`);
        }
        if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(String(headers?.[name]))) {
            throw new InputError(`"${printable(name)}" is not a valid header`, `${path}.httpHeaders`);
        }
    }
}

/**
 * Checks references: every referenceId unique and well-formed, every `@{ref…}` naming an earlier subrequest.
 * Returns, for each subrequest, the indexes of the subrequests it depends on.
 */
function assertReferences(subrequests: readonly Subrequest[], path: string): number[][] {
    const seen = new Map<string, number>();
    return subrequests.map((sub, i) => {
        if (typeof sub.referenceId !== 'string' || !REFERENCE_ID_RE.test(sub.referenceId) || sub.referenceId.length > 100) {
            throw new InputError(`"${printable(String(sub.referenceId))}" must start with a letter or digit and hold only letters, digits and underscores`, `${path}[${i}].referenceId`);
        }
        if (seen.has(sub.referenceId)) {
            throw new InputError(`"${sub.referenceId}" is used twice; referenceIds must be unique`, `${path}[${i}].referenceId`);
        }
        const deps = [...new Set([...referencesIn(sub.url), ...referencesIn(sub.body)])].map((ref) => {
            const at = seen.get(ref);
            if (at === undefined) {
                throw new InputError(`refers to @{${ref}…}, which no earlier subrequest defines (references are case-sensitive)`, `${path}[${i}]`);
            }
            return at;
        });
        seen.set(sub.referenceId, i);
        return deps;
    });
}

/** Resources a composite subrequest may call. */
export const COMPOSITE_RESOURCES = ['sobjects', 'query', 'queryAll', 'composite/sobjects'];

/** Validates a /composite request (limits, URL form, references, headers). */
export function validateCompositeRequest(subrequests: readonly Subrequest[], path = 'compositeRequest'): void {
    if (subrequests.length === 0 || subrequests.length > MAX_COMPOSITE_SUBREQUESTS) {
        throw new InputError(`must hold 1 to ${MAX_COMPOSITE_SUBREQUESTS} subrequests (got ${subrequests.length})`, path);
    }
    let heavy = 0;
    subrequests.forEach((sub, i) => {
        const url = parseSubrequestUrl(sub.url.replace(REFERENCE_RE, 'REF'), 'absolute', COMPOSITE_RESOURCES, `${path}[${i}].url`);
        if (url.resource === 'query' || url.resource === 'queryAll' || url.resource.startsWith('composite/sobjects')) heavy++;
        assertHeaders(sub.httpHeaders, `${path}[${i}]`);
    });
    if (heavy > MAX_COMPOSITE_QUERIES_OR_COLLECTIONS) {
        throw new InputError(`holds ${heavy} query or sObject Collections subrequests; Salesforce allows at most ${MAX_COMPOSITE_QUERIES_OR_COLLECTIONS}`, path);
    }
    assertReferences(subrequests, path);
}

export interface BatchSubrequest {
    method: SubrequestMethod;
    url: string;
    richInput?: unknown;
}

/** Resources a composite batch subrequest may call. */
export const BATCH_RESOURCES = ['limits', 'sobjects', 'query', 'queryAll', 'search', 'parameterizedSearch', 'connect', 'chatter', 'actions'];

export function validateBatchRequest(subrequests: readonly BatchSubrequest[], path = 'batchRequests'): void {
    if (subrequests.length === 0 || subrequests.length > MAX_BATCH_SUBREQUESTS) {
        throw new InputError(`must hold 1 to ${MAX_BATCH_SUBREQUESTS} subrequests (got ${subrequests.length})`, path);
    }
    subrequests.forEach((sub, i) => {
        parseSubrequestUrl(sub.url, 'relative', BATCH_RESOURCES, `${path}[${i}].url`);
        if (/@\{/.test(sub.url) || /@\{/.test(JSON.stringify(sub.richInput ?? null))) {
            throw new InputError('batch subrequests are independent and cannot use @{…} references; use composite-request', `${path}[${i}]`);
        }
    });
}

export interface Graph {
    graphId: string;
    compositeRequest: Subrequest[];
}

/** Node kinds a graph accepts: create, by id, or by external id (no queries, no collections). */
function assertGraphNode(sub: Subrequest, path: string): string {
    const url = parseSubrequestUrl(sub.url.replace(REFERENCE_RE, 'REF000000000000'), 'absolute', ['sobjects'], `${path}.url`);
    const [, sObject = '', second, third, ...rest] = url.segments;
    const kind =
        rest.length === 0 && isApiName(sObject)
            ? second === undefined
                ? sub.method === 'POST'
                    ? 'create'
                    : undefined
                : third === undefined
                  ? ['GET', 'PATCH', 'DELETE'].includes(sub.method) && (isRecordId(second) || second === 'REF000000000000')
                      ? 'record'
                      : undefined
                  : ['GET', 'PATCH', 'POST', 'DELETE'].includes(sub.method) && isApiName(second)
                    ? 'external-id'
                    : undefined
            : undefined;
    if (!kind) {
        throw new InputError(
            `"${sub.method} ${printable(sub.url)}" is not a node a graph accepts: POST /sobjects/{sObject}, GET|PATCH|DELETE /sobjects/{sObject}/{id}, or GET|PATCH|POST|DELETE /sobjects/{sObject}/{externalIdField}/{value}`,
            path
        );
    }
    return `${url.version} ${sub.method} ${sObject.toLowerCase()}`;
}

/** Validates a /composite/graph request: graph ids, node kinds, node counts, depth and the "different nodes" limit. */
export function validateGraphRequest(graphs: readonly Graph[], path = 'graphs'): void {
    if (graphs.length === 0 || graphs.length > MAX_GRAPHS) {
        throw new InputError(`must hold 1 to ${MAX_GRAPHS} graphs (got ${graphs.length})`, path);
    }
    const graphIds = new Set<string>();
    const different = new Set<string>();
    let totalNodes = 0;
    graphs.forEach((graph, g) => {
        const gp = `${path}[${g}]`;
        if (typeof graph.graphId !== 'string' || !REFERENCE_ID_RE.test(graph.graphId) || graph.graphId.length >= 40) {
            throw new InputError(`"${printable(String(graph.graphId))}" must start with a letter or digit, hold letters, digits and underscores, and be under 40 characters`, `${gp}.graphId`);
        }
        if (graphIds.has(graph.graphId)) {
            throw new InputError(`"${graph.graphId}" is used twice; graphIds must be unique`, `${gp}.graphId`);
        }
        graphIds.add(graph.graphId);
        const nodes = graph.compositeRequest;
        if (nodes.length === 0 || nodes.length > MAX_GRAPH_NODES) {
            throw new InputError(`must hold 1 to ${MAX_GRAPH_NODES} nodes (got ${nodes.length})`, `${gp}.compositeRequest`);
        }
        totalNodes += nodes.length;
        nodes.forEach((node, i) => {
            different.add(assertGraphNode(node, `${gp}.compositeRequest[${i}]`));
            assertHeaders(node.httpHeaders, `${gp}.compositeRequest[${i}]`);
        });
        const deps = assertReferences(nodes, `${gp}.compositeRequest`);
        const depth: number[] = [];
        deps.forEach((d, i) => {
            depth[i] = 1 + Math.max(0, ...d.map((j) => depth[j] ?? 1));
            if ((depth[i] ?? 0) > MAX_GRAPH_DEPTH) {
                throw new InputError(`the graph is deeper than ${MAX_GRAPH_DEPTH} levels of references`, `${gp}.compositeRequest[${i}]`);
            }
        });
    });
    if (totalNodes > MAX_GRAPH_NODES) {
        throw new InputError(`holds ${totalNodes} nodes in all; Salesforce accepts at most ${MAX_GRAPH_NODES} per request`, path);
    }
    if (different.size > MAX_GRAPH_DIFFERENT_NODES) {
        throw new InputError(
            `uses ${different.size} different node kinds (API version, method and sObject); Salesforce accepts at most ${MAX_GRAPH_DIFFERENT_NODES}`,
            path
        );
    }
}

/** True when sending the subrequests twice cannot create twice: no POST among them. */
export function safeToRepeat(methods: readonly string[]): boolean {
    return methods.every((m) => m !== 'POST');
}
