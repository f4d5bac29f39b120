/**
 * Composite resources (/composite, /composite/batch, /composite/graph): validation of subrequests against
 * Salesforce's rules and limits before anything is sent, so a request Salesforce would refuse costs no API call.
 *
 * Subrequest URLs are checked against an allowlist, segment by segment: each resource form is listed exactly (with
 * the methods and query parameters it takes), and everything else is refused. A `@{ref.field}` reference may only
 * stand where an id or a value goes, and only for a field that yields an id: Salesforce substitutes the value after
 * our check, so a reference to a text field (an Account named `../../limits`) could otherwise carry a path.
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
/** Longest subrequest header value we pass on (ETags, dates, option lists are far shorter). */
export const MAX_HEADER_VALUE_LENGTH = 1_000;

export const SUBREQUEST_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type SubrequestMethod = (typeof SUBREQUEST_METHODS)[number];

/** referenceId / graphId rule: letters, digits and underscores, starting with a letter or digit. */
export const REFERENCE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_]*$';
const REFERENCE_ID_RE = new RegExp(REFERENCE_ID_PATTERN);
/** A reference such as `@{NewAccount.id}` or `@{Query1.records[0].Id}` (loose form: used for bodies). */
const REFERENCE_RE = /@\{([A-Za-z0-9][A-Za-z0-9_]*)(?:[.[][^}]*)?\}/g;
/** The strict form a reference must have inside a URL: a referenceId, then `.field` and `[n]` steps. */
const URL_REFERENCE_RE = /@\{([A-Za-z0-9][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,4}\])+)\}/g;

/**
 * Subrequest headers we pass on (REST API Developer Guide, "Headers": Assignment Rule, Call Options, Conditional
 * Request, Duplicate Rule, MRU and Query Options headers). The composite docs ("Composite", request body
 * `httpHeaders`) refuse Accept, Authorization and Content-Type; anything else is not needed by the allowed resources.
 */
export const SUBREQUEST_HEADERS = [
    'If-Match',
    'If-None-Match',
    'If-Modified-Since',
    'If-Unmodified-Since',
    'Sforce-Auto-Assign',
    'Sforce-Call-Options',
    'Sforce-Duplicate-Rule-Header',
    'Sforce-Mru',
    'Sforce-Query-Options'
] as const;
const HEADERS_ALLOWED = new Set(SUBREQUEST_HEADERS.map((h) => h.toLowerCase()));

export interface Subrequest {
    method: SubrequestMethod;
    url: string;
    referenceId: string;
    body?: unknown;
    httpHeaders?: Record<string, string> | undefined;
}

/** What a subrequest URL calls. */
export type ResourceKind =
    | 'create'
    | 'record'
    | 'external-id'
    | 'describe'
    | 'collections'
    | 'collections-object'
    | 'collections-upsert'
    | 'query'
    | 'search'
    | 'parameterized-search';

/** A reference found in a URL: the referenceId and the field path after it (e.g. `.id`, `.records[0].Id`). */
export interface UrlReference {
    ref: string;
    field: string;
}

export interface ParsedUrl {
    version: string;
    /** The part after the version, e.g. `sobjects/Account/001…` (without a query string). */
    resource: string;
    segments: string[];
    kind: ResourceKind;
    references: UrlReference[];
}

type Form = 'absolute' | 'relative';

/** The resources each composite endpoint accepts (composite, batch and graph pages of the REST API Developer Guide). */
const KINDS: Record<'composite' | 'batch' | 'graph', readonly ResourceKind[]> = {
    composite: ['create', 'record', 'external-id', 'describe', 'collections', 'collections-object', 'collections-upsert', 'query'],
    batch: ['create', 'record', 'external-id', 'describe', 'query', 'search', 'parameterized-search'],
    graph: ['create', 'record', 'external-id']
};

const FORMS: Record<ResourceKind, string> = {
    create: 'POST sobjects/{sObject}',
    record: 'GET|PATCH|DELETE sobjects/{sObject}/{id} (GET: ?fields=)',
    'external-id': 'GET|PATCH sobjects/{sObject}/{externalIdField}/{value} (GET: ?fields=)',
    describe: 'GET sobjects/{sObject}/describe',
    collections: 'POST|PATCH composite/sobjects, DELETE composite/sobjects?ids=&allOrNone=',
    'collections-object': 'GET|POST composite/sobjects/{sObject} (GET: ?ids=&fields=)',
    'collections-upsert': 'PATCH composite/sobjects/{sObject}/{externalIdField}',
    query: 'GET query?q= or queryAll?q=',
    search: 'GET search?q=',
    'parameterized-search': 'GET|POST parameterizedSearch (GET: ?q=&…)'
};

/** Query parameters of parameterizedSearch (REST API Developer Guide, "Search with Parameters"). */
const PARAMETERIZED_SEARCH_PARAMS = [
    'q',
    'fields',
    'sobject',
    'in',
    'overallLimit',
    'defaultLimit',
    'offset',
    'dataCategory',
    'division',
    'metadata',
    'netWork',
    'pricebookId',
    'snippet',
    'spellCorrection',
    'updateTracking',
    'updateViewStat'
];

function allowedForms(endpoint: keyof typeof KINDS): string {
    return KINDS[endpoint].map((k) => FORMS[k]).join('; ');
}

/** True for a field path that yields a record id: `.id` (of a create, checked by the caller) or a field ending in `Id`. */
function yieldsId(field: string): boolean {
    return field === '.id' || /\.(?:[A-Za-z0-9_]*Id)$/.test(field);
}

interface Step {
    url: string;
    path: string;
    references: UrlReference[];
}

function fail(step: Step, rule: string): never {
    throw new InputError(`"${printable(step.url)}" ${rule}`, step.path);
}

/** A whole path segment that is one reference, or null. */
function wholeReference(step: Step, segment: string): UrlReference | null {
    if (!segment.includes('@{')) return null;
    const match = /^@\{([A-Za-z0-9][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,4}\])+)\}$/.exec(segment);
    if (!match) fail(step, 'may use a @{reference} only as a whole path segment where an id or value goes');
    const reference = { ref: match[1] ?? '', field: match[2] ?? '' };
    step.references.push(reference);
    return reference;
}

/** References inside a query-string value (each must be well-formed; the caller decides whether any may appear). */
function referencesInValue(step: Step, value: string): UrlReference[] {
    const found = [...value.matchAll(URL_REFERENCE_RE)].map((m) => ({ ref: m[1] ?? '', field: m[2] ?? '' }));
    if (value.replace(URL_REFERENCE_RE, '').includes('@{')) fail(step, 'holds a malformed @{reference}');
    step.references.push(...found);
    return found;
}

function decode(step: Step, text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return fail(step, 'has a malformed percent-encoding');
    }
}

/** An sObject or field name segment: written plainly (no percent-encoding), a valid API name. */
function nameSegment(step: Step, segment: string | undefined, what: string): string {
    if (segment === undefined || !isApiName(segment)) fail(step, `needs a valid ${what} name where "${printable(String(segment ?? ''))}" stands`);
    return segment;
}

/** An id segment: a record id or a reference yielding one. */
function idSegment(step: Step, segment: string): void {
    if (wholeReference(step, segment)) return;
    if (!isRecordId(segment)) fail(step, `needs a record id (15 or 18 letters and digits) or @{ref.id} where "${printable(segment)}" stands`);
}

/** An external id value segment: a reference, or a value whose decoded form holds no separator or dot-segment. */
function valueSegment(step: Step, segment: string): void {
    if (wholeReference(step, segment)) return;
    const decoded = decode(step, segment);
    if (decoded.trim() === '' || /[/\\;]|\.\.|[^\x20-\x7e\u00a0-\u2027\u202a-\uffff]/.test(decoded) || decoded === '.') {
        fail(step, 'has an external id value with a separator, a dot-segment or a control character');
    }
}

function parseQuery(step: Step, query: string | undefined, allowed: readonly string[]): Map<string, string> {
    const params = new Map<string, string>();
    if (query === undefined) return params;
    if (query === '') fail(step, 'has an empty query string');
    for (const pair of query.split('&')) {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? pair : pair.slice(0, eq);
        if (!allowed.includes(name)) {
            fail(step, allowed.length === 0 ? 'takes no query string here' : `may use only the query parameters ${allowed.join(', ')} here (not "${printable(name)}")`);
        }
        if (params.has(name)) fail(step, `sets the query parameter ${name} twice`);
        params.set(name, decode(step, (eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' ')));
    }
    return params;
}

/** `fields=` of a record read: a comma-separated list of field names, no references. */
function checkFields(step: Step, params: Map<string, string>): void {
    const fields = params.get('fields');
    if (fields !== undefined && !fields.split(',').every((f) => isApiName(f.trim()))) fail(step, 'needs fields= to be a comma-separated list of field names');
}

/** A query-string value that is text of a statement (q): data, but no control character. */
function checkText(step: Step, params: Map<string, string>, name: string, required: boolean): void {
    const value = params.get(name);
    if (value === undefined) {
        if (required) fail(step, `needs the ${name}= parameter`);
        return;
    }
    if (value.trim() === '' || /[\u0000-\u001f\u007f\u2028\u2029]/.test(value)) fail(step, `needs ${name}= to be non-empty text without control characters`);
    referencesInValue(step, value);
}

/** A plain option value (parameterizedSearch options, allOrNone): letters, digits and a few punctuation marks. */
function checkOption(step: Step, params: Map<string, string>, name: string): void {
    const value = params.get(name);
    if (value !== undefined && !/^[A-Za-z0-9_.,:() -]{1,1000}$/.test(value)) fail(step, `has a ${name}= value that is not a plain option`);
    if (value !== undefined && value.includes('..')) fail(step, `has a ${name}= value with ".."`);
}

function methodIn(step: Step, method: string, methods: readonly string[], form: string): void {
    if (!methods.includes(method)) fail(step, `is called with ${printable(String(method))}; this resource takes ${form}`);
}

/**
 * Checks a subrequest URL against the allowlist of `endpoint`: the version prefix Salesforce requires, no `;`,
 * `..`, encoded separator, backslash, whitespace or control character, one of the listed resource forms with its
 * methods and query parameters, and references only where an id or a value goes.
 */
export function parseSubrequestUrl(url: unknown, method: string, form: Form, endpoint: keyof typeof KINDS, path: string): ParsedUrl {
    if (typeof url !== 'string' || url.length === 0) {
        throw new InputError('must be a URL string', path);
    }
    if (url.length > MAX_URL_LENGTH) {
        throw new InputError(`must be at most ${MAX_URL_LENGTH} characters`, path);
    }
    const step: Step = { url, path, references: [] };
    if (/[\s\\#;\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(url)) {
        fail(step, 'may not contain whitespace, backslashes, #, ; or control characters');
    }
    const prefix = form === 'absolute' ? /^\/services\/data\/(v\d{2,3}\.\d)\/([^?]*)(?:\?(.*))?$/ : /^(v\d{2,3}\.\d)\/([^?]*)(?:\?(.*))?$/;
    const match = prefix.exec(url);
    if (!match) {
        const example = form === 'absolute' ? '/services/data/v66.0/sobjects/Account' : 'v66.0/sobjects/Account';
        fail(step, `must start with ${form === 'absolute' ? '/services/data/vNN.N/' : 'vNN.N/'}, e.g. ${example}`);
    }
    const version = match[1] ?? '';
    if (Number(version.slice(1)) < 31) {
        throw new InputError(`API version ${version} is retired; use v31.0 or later`, path);
    }
    const resourcePath = match[2] ?? '';
    const query = match[3];
    if (resourcePath.includes('..') || /%(?:2f|5c|2e|3b|00)/i.test(resourcePath)) {
        fail(step, 'may not contain "..", nor an encoded /, \\, ., ; or NUL in its path');
    }
    if (query !== undefined && /%(?:2f|5c|3b|00)/i.test(query.replace(/(^|&)q=[^&]*/g, ''))) {
        fail(step, 'may not contain an encoded /, \\, ; or NUL outside q=');
    }
    const segments = resourcePath.split('/');
    if (segments.some((s) => s === '')) fail(step, 'may not contain empty path segments (nor end with /)');
    const [first, second, third, fourth, ...rest] = segments;
    let kind: ResourceKind | undefined;
    if (first === 'sobjects' && second !== undefined && rest.length === 0) {
        nameSegment(step, second, 'sObject');
        if (third === undefined) {
            kind = 'create';
            methodIn(step, method, ['POST'], FORMS.create);
            parseQuery(step, query, []);
        } else if (fourth === undefined && third === 'describe') {
            kind = 'describe';
            methodIn(step, method, ['GET'], FORMS.describe);
            parseQuery(step, query, []);
        } else if (fourth === undefined) {
            kind = 'record';
            idSegment(step, third);
            methodIn(step, method, ['GET', 'PATCH', 'DELETE'], FORMS.record);
            checkFields(step, parseQuery(step, query, method === 'GET' ? ['fields'] : []));
        } else {
            kind = 'external-id';
            if (third.includes('@{') || isRecordId(third)) {
                fail(step, `is not a resource this request may call (record sub-resources such as ${printable(fourth)} are not allowed: no password, relationships or blobs); allowed: ${allowedForms(endpoint)}`);
            }
            nameSegment(step, third, 'external id field');
            valueSegment(step, fourth);
            methodIn(step, method, ['GET', 'PATCH'], FORMS['external-id']);
            checkFields(step, parseQuery(step, query, method === 'GET' ? ['fields'] : []));
        }
    } else if (first === 'composite' && second === 'sobjects' && fourth === undefined) {
        if (third === undefined) {
            kind = 'collections';
            methodIn(step, method, ['POST', 'PATCH', 'DELETE'], FORMS.collections);
            const params = parseQuery(step, query, method === 'DELETE' ? ['ids', 'allOrNone'] : []);
            checkIds(step, params, method === 'DELETE');
            const allOrNone = params.get('allOrNone');
            if (allOrNone !== undefined && allOrNone !== 'true' && allOrNone !== 'false') fail(step, 'needs allOrNone= to be true or false');
        } else {
            kind = 'collections-object';
            nameSegment(step, third, 'sObject');
            methodIn(step, method, ['GET', 'POST'], FORMS['collections-object']);
            const params = parseQuery(step, query, method === 'GET' ? ['ids', 'fields'] : []);
            checkIds(step, params, method === 'GET');
            checkFields(step, params);
            if (method === 'GET' && params.get('fields') === undefined) fail(step, 'needs fields= to read a collection');
        }
    } else if (first === 'composite' && second === 'sobjects' && third !== undefined && fourth !== undefined && rest.length === 0) {
        kind = 'collections-upsert';
        nameSegment(step, third, 'sObject');
        nameSegment(step, fourth, 'external id field');
        methodIn(step, method, ['PATCH'], FORMS['collections-upsert']);
        parseQuery(step, query, []);
    } else if ((first === 'query' || first === 'queryAll') && second === undefined) {
        kind = 'query';
        methodIn(step, method, ['GET'], FORMS.query);
        checkText(step, parseQuery(step, query, ['q']), 'q', true);
    } else if (first === 'search' && second === undefined) {
        kind = 'search';
        methodIn(step, method, ['GET'], FORMS.search);
        checkText(step, parseQuery(step, query, ['q']), 'q', true);
    } else if (first === 'parameterizedSearch' && second === undefined) {
        kind = 'parameterized-search';
        methodIn(step, method, ['GET', 'POST'], FORMS['parameterized-search']);
        const params = parseQuery(step, query, method === 'GET' ? PARAMETERIZED_SEARCH_PARAMS : []);
        checkText(step, params, 'q', method === 'GET');
        for (const name of PARAMETERIZED_SEARCH_PARAMS) if (name !== 'q') checkOption(step, params, name);
    }
    if (kind === undefined || !KINDS[endpoint].includes(kind)) {
        fail(step, `is not a resource this request may call (${refusedWhy(segments)}); allowed: ${allowedForms(endpoint)}`);
    }
    for (const reference of step.references) {
        if (!yieldsId(reference.field)) {
            fail(step, `uses @{${reference.ref}${reference.field}}: a reference in a URL must yield an id (.id of an earlier create, or a field ending in Id)`);
        }
    }
    return { version, resource: resourcePath, segments, kind, references: step.references };
}

/** ids= of a collection: a comma-separated list of record ids or id references, at most 200. */
function checkIds(step: Step, params: Map<string, string>, required: boolean): void {
    const ids = params.get('ids');
    if (ids === undefined) {
        if (required) fail(step, 'needs the ids= parameter');
        return;
    }
    const list = ids.split(',');
    if (list.length > 200) fail(step, 'lists more than 200 ids');
    for (const id of list) {
        if (!isRecordId(id) && wholeReference(step, id) === null) fail(step, `needs ids= to list record ids (not "${printable(id)}")`);
    }
}

/** A short reason for a refused resource, naming the rule. */
function refusedWhy(segments: readonly string[]): string {
    const [first = '', , , fourth] = segments;
    if (first === 'sobjects' && fourth !== undefined) return 'record sub-resources such as password, relationships and blobs are not allowed';
    if (first === 'sobjects' && segments.length <= 1) return 'describe global is not allowed';
    const named: Record<string, string> = {
        actions: 'actions (standard or custom, e.g. emailSimple) are not allowed: use run-invocable-action, run-flow or send-email, which report each run',
        connect: 'Connect REST API resources are not allowed',
        chatter: 'Chatter resources are not allowed: use post-chatter-message',
        tooling: 'Tooling API resources are not allowed',
        apexrest: 'Apex REST resources are not allowed',
        limits: 'limits is not allowed',
        jobs: 'Bulk API jobs are not allowed',
        composite: 'nested composite resources are not allowed'
    };
    return named[first] ?? 'not on the allowlist';
}

function referencesIn(value: unknown): string[] {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    return [...text.matchAll(REFERENCE_RE)].map((m) => m[1] ?? '');
}

function assertHeaders(headers: unknown, path: string): void {
    if (headers === undefined) return;
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
        throw new InputError('must be an object of header names and values', `${path}.httpHeaders`);
    }
    for (const [name, value] of Object.entries(headers)) {
        if (!HEADERS_ALLOWED.has(name.toLowerCase())) {
            throw new InputError(`may not set "${printable(name)}"; subrequest headers allowed: ${SUBREQUEST_HEADERS.join(', ')}`, `${path}.httpHeaders`);
        }
        if (typeof value !== 'string' || value.length > MAX_HEADER_VALUE_LENGTH || !/^[\x20-\x7e]*$/.test(value)) {
            throw new InputError(`${name} must be printable ASCII text of at most ${MAX_HEADER_VALUE_LENGTH} characters (no CR, LF, NUL or other control characters)`, `${path}.httpHeaders`);
        }
    }
}

/**
 * Checks references: every referenceId unique and well-formed, every `@{ref…}` naming an earlier subrequest, and a
 * `.id` reference in a URL naming an earlier create (only a POST answers with `id`).
 * Returns, for each subrequest, the indexes of the subrequests it depends on.
 */
function assertReferences(subrequests: readonly Subrequest[], urls: readonly ParsedUrl[], path: string): number[][] {
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
        for (const reference of urls[i]?.references ?? []) {
            const at = seen.get(reference.ref);
            if (reference.field === '.id' && at !== undefined && subrequests[at]?.method !== 'POST') {
                throw new InputError(`uses @{${reference.ref}.id} in its URL, but ${reference.ref} is not a create (POST); only a create answers with id`, `${path}[${i}].url`);
            }
        }
        seen.set(sub.referenceId, i);
        return deps;
    });
}

/** Validates a /composite request (limits, URL allowlist, references, headers). */
export function validateCompositeRequest(subrequests: readonly Subrequest[], path = 'compositeRequest'): void {
    if (subrequests.length === 0 || subrequests.length > MAX_COMPOSITE_SUBREQUESTS) {
        throw new InputError(`must hold 1 to ${MAX_COMPOSITE_SUBREQUESTS} subrequests (got ${subrequests.length})`, path);
    }
    let heavy = 0;
    const urls = subrequests.map((sub, i) => {
        const url = parseSubrequestUrl(sub.url, sub.method, 'absolute', 'composite', `${path}[${i}].url`);
        if (url.kind === 'query' || url.kind.startsWith('collections')) heavy++;
        assertHeaders(sub.httpHeaders, `${path}[${i}]`);
        return url;
    });
    if (heavy > MAX_COMPOSITE_QUERIES_OR_COLLECTIONS) {
        throw new InputError(`holds ${heavy} query or sObject Collections subrequests; Salesforce allows at most ${MAX_COMPOSITE_QUERIES_OR_COLLECTIONS}`, path);
    }
    assertReferences(subrequests, urls, path);
}

export interface BatchSubrequest {
    method: SubrequestMethod;
    url: string;
    richInput?: unknown;
}

export function validateBatchRequest(subrequests: readonly BatchSubrequest[], path = 'batchRequests'): void {
    if (subrequests.length === 0 || subrequests.length > MAX_BATCH_SUBREQUESTS) {
        throw new InputError(`must hold 1 to ${MAX_BATCH_SUBREQUESTS} subrequests (got ${subrequests.length})`, path);
    }
    subrequests.forEach((sub, i) => {
        if ((typeof sub.url === 'string' && /@\{/.test(sub.url)) || /@\{/.test(JSON.stringify(sub.richInput ?? null))) {
            throw new InputError('batch subrequests are independent and cannot use @{…} references; use composite-request', `${path}[${i}]`);
        }
        parseSubrequestUrl(sub.url, sub.method, 'relative', 'batch', `${path}[${i}].url`);
    });
}

export interface Graph {
    graphId: string;
    compositeRequest: Subrequest[];
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
        const urls = nodes.map((node, i) => {
            const url = parseSubrequestUrl(node.url, node.method, 'absolute', 'graph', `${gp}.compositeRequest[${i}].url`);
            different.add(`${url.version} ${node.method} ${(url.segments[1] ?? '').toLowerCase()}`);
            assertHeaders(node.httpHeaders, `${gp}.compositeRequest[${i}]`);
            return url;
        });
        const deps = assertReferences(nodes, urls, `${gp}.compositeRequest`);
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
