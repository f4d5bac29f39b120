/**
 * The Salesforce REST API: /services/data/ (versions), /services/data/vNN.N/** (resources), and the
 * identity endpoints. Auth, version checks and Sforce-Limit-Info live here; each resource family has
 * its own function so later work (composite, collections, search, Bulk 2.0) adds a case, not a rewrite.
 */
import { SfError, invalidField, notFound } from '../errors.js';
import { bearer, empty, header, json, jsonBody, sfError, type Req, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import type { FieldDef, ObjectDef } from '../org/schema.js';
import { formatDateTime, type Rec } from '../org/values.js';
import { describeGlobal, describeSObject, objectSummary, type RecordTypeRow } from './describe.js';
import { collections } from './collections.js';
import { batch, composite, graph, type Dispatch, type InternalResponse } from './composite.js';
import { etagListMatches, recentItemJson, recordEtag, recordJson } from './records.js';
import { parameterizedSearch, search } from './search.js';
import { quickActions, sobjectQuickActions } from './quickactions.js';
import { uiApi } from './uiapi.js';
import { handleSoap } from './soap.js';
import { handleMetadataSoap } from './metadata.js';
import { organizationQuery, toolingQuery, toolingQueryMore } from './tooling.js';
import { bulkEndpoint, bulkJobs } from './bulk.js';
import { bulkIngest } from './bulk-ingest.js';
import { replication } from './replication.js';
import { handleApexRest } from './apexrest.js';
import { childRelationshipRecords } from './relationships.js';
import { processApprovals } from './approvals.js';
import { actions as invocableActions, emailLimits } from './actions.js';
import { chatter } from './chatter.js';
import { analytics } from './analytics.js';
import { checkFileQuery, filesRoute } from './files.js';
import type { SalesforceState } from '../state.js';

export const LATEST_VERSION = '66.0';
const VERSIONS: Array<[string, string]> = [
    ['Winter \u002725', '62.0'],
    ['Spring \u002725', '63.0'],
    ['Summer \u002725', '64.0'],
    ['Winter \u002726', '65.0'],
    ['Spring \u002726', '66.0']
];

export const limitHeader = (s: SalesforceState): Record<string, string> => ({ 'Sforce-Limit-Info': `api-usage=${s.apiUsage}/${s.apiBudget}` });

function withLimit(res: Res, s: SalesforceState): Res {
    return { ...res, headers: { ...res.headers, ...limitHeader(s) } };
}

/** Entry point for every path under /services/ and /id/. Returns undefined when the path is not Salesforce's. */
export function handleSalesforce(req: Req, s: SalesforceState): Res | undefined {
    const p = req.path;
    if (p === '/services/data' || p === '/services/data/') {
        if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req.method, 'GET,HEAD');
        return { ...json(200, VERSIONS.map(([label, version]) => ({ label, url: `/services/data/v${version}`, version }))), endpoint: 'GET /services/data/' };
    }
    if (p === '/services/oauth2/userinfo' || p.startsWith('/id/')) return identity(req, s);
    const soap = /^\/services\/Soap\/u\/(\d+)\.(\d+)(\/[^/]*)?\/?$/.exec(p);
    if (soap) return { ...handleSoap(req, s, `${Number(soap[1])}.${soap[2]}`), endpoint: `${req.method} /services/Soap/u/{version}` };
    const metadataSoap = /^\/services\/Soap\/m\/(\d+)\.(\d+)(\/[^/]*)?\/?$/.exec(p);
    if (metadataSoap) return { ...handleMetadataSoap(req, s, `${Number(metadataSoap[1])}.${metadataSoap[2]}`), endpoint: `${req.method} /services/Soap/m/{version}` };
    if (p === '/services/apexrest' || p.startsWith('/services/apexrest/')) return withLimit(handleApexRest(req, s), s);
    const m = /^\/services\/data\/v(\d+)\.(\d+)(\/.*)?$/.exec(p);
    if (!m) {
        if (p.startsWith('/services/')) return json(404, [notFound().toJSON()]);
        return undefined;
    }
    const version = `${Number(m[1])}.${m[2]}`;
    const rest = m[3] ?? '';
    if (Number(m[1]) < 31) {
        return withLimit(json(410, [{ message: `API version ${version} is no longer supported (retired).`, errorCode: 'UNSUPPORTED_API_VERSION' }]), s);
    }
    if (bearer(req) !== s.accessToken) {
        return withLimit({ ...json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]), endpoint: 'unauthorized' }, s);
    }
    if (req.path.length + req.url.search.length > 16_384) {
        return withLimit({ ...json(414, [{ message: 'The request URI is longer than 16,384 bytes', errorCode: 'URI_TOO_LONG' }]), endpoint: 'uri too long' }, s);
    }
    if (s.apiUsage >= s.apiBudget) {
        return withLimit(json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]), s);
    }
    s.apiUsage++;
    // Long transactions whose commit time has come become visible before this request reads anything.
    s.org.settle();
    let res: Res;
    try {
        res = route(req, s, version, rest);
    } catch (err) {
        if (err instanceof SfError) res = sfError(err);
        else throw err;
    }
    return withLimit({ ...res, endpoint: endpointLabel(effectiveMethod(req), rest, s) }, s);
}

/** Stats label of any Salesforce request (used for calls that a fault answered before routing). */
export function endpointOf(req: Req, s: SalesforceState): string {
    const m = /^\/services\/data\/v(\d+)\.(\d+)(\/.*)?$/.exec(req.path);
    if (!m) return req.path === '/services/data' || req.path === '/services/data/' ? 'GET /services/data/' : `${req.method} ${req.path}`;
    return endpointLabel(effectiveMethod(req), m[3] ?? '', s);
}

/** Stats label of a versioned request: `GET /sobjects/Account/{id}`, `GET /query/{locator}`, … */
function endpointLabel(method: string, rest: string, s: SalesforceState): string {
    const parts = rest.split('/').filter((x) => x !== '');
    const [head, a, b, c] = parts;
    if (head === undefined) return `${method} /`;
    if (head === 'query' || head === 'queryAll') return `${method} /${head}${a !== undefined ? '/{locator}' : ''}`;
    if (head === 'composite') {
        if (a !== 'sobjects') return `${method} /composite${a !== undefined ? `/${a}` : ''}`;
        const t = b === undefined ? undefined : (s.org.schema.get(decodeURIComponent(b))?.name ?? decodeURIComponent(b));
        return `${method} /composite/sobjects${t !== undefined ? `/${t}` : ''}${c !== undefined ? `/${decodeURIComponent(c)}` : ''}`;
    }
    if (head === 'quickActions') return `${method} /quickActions${a !== undefined ? '/{action}' : ''}${b !== undefined ? `/${b}` : ''}`;
    if (head === 'jobs') return bulkEndpoint(method, parts);
    if (head === 'limits') return `${method} /limits${a !== undefined ? `/${a}` : ''}`;
    if (head === 'actions') return `${method} /actions${parts.slice(1, 4).map((x) => `/${decodeURIComponent(x)}`).join('')}`;
    if (head === 'chatter') return `${method} /chatter${a !== undefined ? `/${a}` : ''}${b !== undefined ? '/{id}' : ''}`;
    if (head !== 'sobjects' || a === undefined) return `${method} /${head}`;
    const def = s.org.schema.get(decodeURIComponent(a));
    const type = def?.name ?? decodeURIComponent(a);
    if (b === undefined) return `${method} /sobjects/${type}`;
    if ((b === 'describe' || b === 'updated' || b === 'deleted') && c === undefined) return `${method} /sobjects/${type}/${b}`;
    if (b === 'quickActions') return `${method} /sobjects/${type}/quickActions${c !== undefined ? '/{action}' : ''}${parts[4] !== undefined ? `/${parts[4]}` : ''}`;
    if (c === undefined) return `${method} /sobjects/${type}/{id}`;
    const field = def?.byName.get(decodeURIComponent(b).toLowerCase())?.name ?? decodeURIComponent(b);
    return `${method} /sobjects/${type}/${field}/{value}`;
}

function methodNotAllowed(method: string, allowed: string): Res {
    return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, errorCode: 'METHOD_NOT_ALLOWED' }]);
}

/** POST with ?_HttpMethod=PATCH is how clients without PATCH update records. */
function effectiveMethod(req: Req): string {
    const override = req.url.searchParams.get('_HttpMethod');
    return req.method === 'POST' && override ? override.toUpperCase() : req.method;
}

/** Runs a subrequest of a composite/batch/graph through the router, as the same user, without API accounting. */
function dispatcher(s: SalesforceState, parentHeaders: Req['headers']): Dispatch {
    return (method, url, body, headers = {}) => {
        const u = new URL(url, 'http://emulator.local');
        const m = /^\/services\/data\/v(\d+)\.(\d+)(\/.*)?$/.exec(u.pathname);
        const reqHeaders: Req['headers'] = { authorization: parentHeaders['authorization'], 'content-type': 'application/json', ...headers };
        const sub: Req = { method, path: u.pathname, url: u, headers: reqHeaders, body: Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8') };
        let res: Res;
        if (!m) res = sfError(notFound());
        else if (Number(m[1]) < 31) res = json(410, [{ message: `API version ${m[1]}.${m[2]} is no longer supported (retired).`, errorCode: 'UNSUPPORTED_API_VERSION' }]);
        else {
            try {
                res = route(sub, s, `${Number(m[1])}.${m[2]}`, m[3] ?? '');
            } catch (err) {
                if (err instanceof SfError) res = sfError(err);
                else throw err;
            }
        }
        const text = typeof res.body === 'string' ? res.body : res.body.toString('utf8');
        let parsed: unknown = null;
        if (text !== '') {
            try {
                parsed = JSON.parse(text);
            } catch {
                parsed = text;
            }
        }
        const out: InternalResponse = { status: res.status, headers: res.headers, body: parsed };
        return out;
    };
}

function route(req: Req, s: SalesforceState, version: string, rest: string): Res {
    const parts = rest.split('/').filter((x) => x !== '');
    const method = effectiveMethod(req);
    const head = parts[0];
    if (head === undefined) {
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        return { ...json(200, resources(s, version)), endpoint: 'GET /' };
    }
    switch (head) {
        case 'sobjects': {
            // Salesforce Files (ContentVersion upload and blob, ContentDocumentLink, ContentDocument delete): routes/files.ts
            const sobjectParts = parts.slice(1).map(decodeURIComponent);
            return filesRoute(req, s, version, method, sobjectParts) ?? sobjects(req, s, version, method, sobjectParts);
        }
        case 'query':
        case 'queryAll':
            return query(req, s, version, method, head, parts.slice(1));
        case 'limits':
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            if (parts[1] === 'recordCount' && parts.length === 2) return json(200, recordCount(req, s));
            if (parts.length > 1) throw notFound();
            return { ...json(200, limits(s)), endpoint: 'GET /limits' };
        case 'recent':
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            if (parts.length > 1) throw notFound();
            return json(200, recent(req, s, version));
        case 'composite': {
            const sub = parts[1];
            if (sub === 'sobjects') return collections(req, s, version, method, parts.slice(2).map(decodeURIComponent));
            if (parts.length > 2) throw notFound();
            if (sub === undefined) {
                if (method === 'GET') {
                    const b = `/services/data/v${version}/composite`;
                    return json(200, { batch: `${b}/batch`, tree: `${b}/tree`, sobjects: `${b}/sobjects`, graph: `${b}/graph` });
                }
                if (method !== 'POST') return methodNotAllowed(method, 'GET,HEAD,POST');
                return composite(s, version, jsonBody(req), dispatcher(s, req.headers));
            }
            if (sub === 'batch' || sub === 'graph') {
                if (method !== 'POST') return methodNotAllowed(method, 'POST');
                return (sub === 'batch' ? batch : graph)(s, version, jsonBody(req), dispatcher(s, req.headers));
            }
            throw notFound();
        }
        case 'jobs':
            if (parts[1] === 'ingest') return bulkIngest(req, s, version, method, parts.slice(2).map(decodeURIComponent));
            return bulkJobs(req, s, version, method, parts.slice(1).map(decodeURIComponent));
        case 'tooling':
            // Tooling API: the query resource, for the change notifier's Apex (routes/tooling.ts)
            if (parts[1] !== 'query' || parts.length > 3) throw notFound();
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            if (parts[2] !== undefined) return { ...json(200, toolingQueryMore(s, version, decodeURIComponent(parts[2]))), endpoint: 'GET /tooling/query/{locator}' };
            return { ...json(200, toolingQuery(s, version, req.url.searchParams.get('q'))), endpoint: 'GET /tooling/query' };
        case 'search':
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            if (parts.length > 1) throw notFound();
            return json(200, search(s, version, req.url.searchParams.get('q')));
        case 'parameterizedSearch':
            if (parts.length > 1) throw notFound();
            if (method === 'GET') return json(200, parameterizedSearch(s, version, req.url.searchParams, undefined));
            if (method === 'POST') return json(200, parameterizedSearch(s, version, undefined, jsonBody(req)));
            return methodNotAllowed(method, 'GET,HEAD,POST');
        case 'analytics':
            // Reports and Dashboards REST API (routes/analytics.ts)
            return analytics(req, s, version, method, parts.slice(1).map(decodeURIComponent));
        case 'quickActions':
            return quickActions(s, version, method, parts.slice(1).map(decodeURIComponent), req);
        case 'ui-api':
            // User Interface API: picklist values by record type (routes/uiapi.ts)
            return uiApi(s, version, method, parts.slice(1).map(decodeURIComponent));
        case 'actions':
            // Invocable actions (routes/actions.ts); unknown standard ones, convertLead among them, answer 404 (reference §8.1).
            return invocableActions(req, s, version, method, parts.slice(1));
        case 'chatter':
            // Connect REST API feed elements (routes/chatter.ts).
            return chatter(req, s, version, method, parts.slice(1));
        case 'process':
            // Approval processes (routes/approvals.ts)
            return processApprovals(req, s, method, parts.slice(1).map(decodeURIComponent));
        default:
            throw notFound();
    }
}

function resources(s: SalesforceState, version: string): Record<string, string> {
    const b = `/services/data/v${version}`;
    const names = ['tooling', 'metadata', 'eclair', 'folders', 'prechatForms', 'chatter', 'tabs', 'appMenu', 'quickActions', 'queryAll', 'commerce', 'wave', 'iot', 'analytics', 'search', 'smartdatadiscovery', 'composite', 'parameterizedSearch', 'fingerprint', 'theme', 'nouns', 'domino', 'event', 'serviceTemplates', 'recent', 'connect', 'licensing', 'limits', 'process', 'dedupe', 'async-queries', 'query', 'jobs', 'match', 'localizedvalue', 'mobile', 'emailConnect', 'consent', 'tokenizer', 'compactLayouts', 'knowledgeManagement', 'sobjects', 'actions', 'support'];
    const out: Record<string, string> = {};
    for (const n of names) out[n] = `${b}/${n}`;
    out['identity'] = `${s.baseUrl()}/id/${s.org.orgId}/${s.org.apiUserId}`;
    return out;
}

function limits(s: SalesforceState): Record<string, unknown> {
    const pair = (max: number, used = 0): { Max: number; Remaining: number } => ({ Max: max, Remaining: Math.max(0, max - used) });
    let records = 0;
    for (const def of s.org.schema.objects) if (!def.sharesTableWith) records += s.org.count(def.name, { includeDeleted: true });
    // Salesforce counts most records as 2 KB of data storage.
    const dataUsedMb = Math.ceil((records * 2) / 1024);
    return {
        ActiveScratchOrgs: pair(3),
        AnalyticsExternalDataSizeMB: pair(40960),
        ConcurrentAsyncGetReportInstances: pair(200),
        ConcurrentSyncReportRuns: pair(20),
        DailyAnalyticsDataflowJobExecutions: pair(60),
        DailyApiRequests: pair(s.apiBudget, s.apiUsage),
        DailyAsyncApexExecutions: pair(250000),
        DailyAsyncApexTests: pair(500),
        DailyBulkApiBatches: pair(15000),
        DailyBulkV2QueryFileStorageMB: pair(976562),
        DailyBulkV2QueryJobs: pair(10000, s.bulk.stats.jobsCreated),
        DailyDurableStreamingApiEvents: pair(10000),
        DailyGenericStreamingApiEvents: pair(10000),
        DailyScratchOrgs: pair(6),
        DailyStandardVolumePlatformEvents: pair(10000),
        DailyStreamingApiEvents: pair(10000),
        DailyWorkflowEmails: pair(...emailLimits(s).workflow),
        DataStorageMB: pair(1024, dataUsedMb),
        DurableStreamingApiConcurrentClients: pair(20),
        FileStorageMB: pair(1024),
        HourlyAsyncReportRuns: pair(1200),
        HourlyDashboardRefreshes: pair(200),
        HourlyDashboardResults: pair(5000),
        HourlyDashboardStatuses: pair(999999999),
        HourlyLongTermIdMapping: pair(100000),
        HourlyODataCallout: pair(10000),
        HourlyPublishedPlatformEvents: pair(50000),
        HourlyPublishedStandardVolumePlatformEvents: pair(50000),
        HourlyShortTermIdMapping: pair(100000),
        HourlySyncReportRuns: pair(500),
        HourlyTimeBasedWorkflow: pair(50),
        MassEmail: pair(10),
        MonthlyPlatformEventsUsageEntitlement: pair(300000),
        Package2VersionCreates: pair(6),
        Package2VersionCreatesWithoutValidation: pair(500),
        PermissionSets: { Max: 1500, Remaining: 1498, CreateCustom: { Max: 1000, Remaining: 998 } },
        PrivateConnectOutboundCalloutHourlyLimitMB: pair(0),
        SingleEmail: pair(...emailLimits(s).single),
        StreamingApiConcurrentClients: pair(20)
    };
}

function recordCount(req: Req, s: SalesforceState): { sObjects: Array<{ count: number; name: string }> } {
    const wanted = (req.url.searchParams.get('sObjects') ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    const defs = wanted.length === 0 ? s.org.schema.objects : wanted.map((n) => s.org.schema.get(n)).filter((d): d is ObjectDef => d !== undefined);
    return { sObjects: defs.map((d) => ({ count: s.org.count(d.name), name: d.name })) };
}

function recent(req: Req, s: SalesforceState, version: string): Array<Record<string, unknown>> {
    const raw = req.url.searchParams.get('limit');
    let limit = 200;
    if (raw !== null) {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new SfError(400, 'INVALID_QUERY_PARAMETER', `limit must be an integer between 1 and 200; got ${raw}`);
        limit = Math.min(200, n);
    }
    return s.org.recent(limit).flatMap((rec) => {
        const def = s.org.typeOf(rec['Id'] as string);
        return def ? [recentItemJson(def, rec, version)] : [];
    });
}

// ---------------------------------------------------------------------------------------------- sobjects

function fieldList(def: ObjectDef, param: string | null): FieldDef[] | undefined {
    if (param === null || param.trim() === '') return undefined;
    return param.split(',').map((name) => {
        const fd = def.byName.get(name.trim().toLowerCase());
        if (!fd) throw invalidField(name.trim(), def.name);
        return fd;
    });
}

function mustDef(s: SalesforceState, name: string): ObjectDef {
    const def = s.org.schema.get(name);
    if (!def) throw notFound();
    return def;
}

function sobjects(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res {
    const org = s.org;
    const [type, second, third, ...extra] = parts;
    if (type === undefined) {
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        const notModified = ifModifiedSince(req, s);
        if (notModified) return { ...notModified, endpoint: 'GET /sobjects' };
        return { ...json(200, describeGlobal(org.schema, version), lastModified(s)), endpoint: 'GET /sobjects' };
    }
    const def = mustDef(s, type);
    const base = `/sobjects/${def.name}`;
    if (second === undefined) {
        if (method === 'GET') {
            const tracked = org.recent(3, def.name);
            const recent = (tracked.length > 0 ? tracked : [...(org.tables.get(def.name)?.records.values() ?? [])].filter((r) => r['IsDeleted'] !== true).slice(-3).reverse())
                .map((r) => {
                    const o: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(r['Id'])}` }, Id: r['Id'] };
                    const name = def.fields.find((f) => f.nameField);
                    if (name) o[name.name] = r[name.name] ?? null;
                    return o;
                });
            return { ...json(200, { objectDescribe: objectSummary(def, version), recentItems: recent }), endpoint: `GET ${base}` };
        }
        if (method === 'POST') {
            const rec = org.insert(def.name, jsonBody(req));
            const id = rec['Id'] as string;
            org.touchRecent(id);
            return { ...json(201, { id, success: true, errors: [] }, { Location: `/services/data/v${version}/sobjects/${def.name}/${id}` }), endpoint: `POST ${base}` };
        }
        return methodNotAllowed(method, 'GET,HEAD,POST');
    }
    if (second === 'describe' && third === undefined) {
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        const notModified = ifModifiedSince(req, s);
        if (notModified) return { ...notModified, endpoint: `GET ${base}/describe` };
        return { ...json(200, describeSObject(org.schema, def, version, { instanceUrl: s.baseUrl(), recordTypes: recordTypesOf(s, def.name) }), lastModified(s)), endpoint: `GET ${base}/describe` };
    }
    if ((second === 'updated' || second === 'deleted') && third === undefined) {
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        return replication(req, s, def, second);
    }
    if (second === 'quickActions') return sobjectQuickActions(s, version, method, def, [third, ...extra].filter((x): x is string => x !== undefined), req);
    if (third === undefined) return byId(req, s, version, method, def, second);
    if (extra.length > 0) throw notFound();
    const blob = def.byName.get(third.toLowerCase());
    const blobOwner = to18(second);
    if (blob?.type === 'base64' && blobOwner && org.typeOf(blobOwner)?.name === def.name) {
        // "Get Blob Data" (GET /sobjects/{T}/{id}/{blobField}): the raw bytes.
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        const table = org.tables.get(def.name);
        if (!table) throw notFound();
        const rec = org.liveRecord(table, blobOwner);
        const content = rec[blob.name];
        return { status: 200, headers: { 'Content-Type': 'application/octetstream' }, body: Buffer.from(typeof content === 'string' ? content : '', 'base64'), endpoint: `GET /sobjects/${def.name}/{id}/${blob.name}` };
    }
    const children = childRelationshipRecords(req, s, version, method, def, second, third);
    if (children) return children;
    return byExternalId(req, s, version, method, def, second, third);
}

/** The object's rows of the RecordType table (objects without record types, or orgs without the table: none). */
function recordTypesOf(s: SalesforceState, objectName: string): RecordTypeRow[] {
    const table = s.org.tables.get('RecordType');
    if (!table) return [];
    const out: RecordTypeRow[] = [];
    for (const r of table.records.values()) {
        if (r['SobjectType'] !== objectName || r['IsDeleted'] === true) continue;
        out.push({ id: String(r['Id']), name: String(r['Name'] ?? ''), developerName: String(r['DeveloperName'] ?? ''), active: r['IsActive'] === true });
    }
    return out;
}

function lastModified(s: SalesforceState): Record<string, string> {
    return { 'Last-Modified': s.org.schema.lastModified.toUTCString() };
}

function ifModifiedSince(req: Req, s: SalesforceState): Res | undefined {
    const h = header(req, 'if-modified-since');
    if (!h) return undefined;
    const since = Date.parse(h);
    if (Number.isNaN(since)) return undefined;
    return s.org.schema.lastModified.getTime() <= since ? empty(304) : undefined;
}

function byId(req: Req, s: SalesforceState, version: string, method: string, def: ObjectDef, id: string): Res {
    const org = s.org;
    const table = org.tables.get(def.name);
    if (!table) throw notFound();
    const endpoint = (m: string): string => `${m} /sobjects/${def.name}/{id}`;
    // POST /sobjects/{T}/Id: the Id field as the external id with a null value creates (API 37.0+; the result has
    // `created` from 46.0, as an upsert's) — "Insert or Update (Upsert) a Record Using an External ID".
    if (method === 'POST' && id.toLowerCase() === 'id' && Number(version) >= 37) {
        const rec = org.insert(def.name, jsonBody(req));
        const newId = rec['Id'] as string;
        org.touchRecent(newId);
        const result = Number(version) >= 46 ? { id: newId, success: true, errors: [], created: true } : { id: newId, success: true, errors: [] };
        return { ...json(201, result, { Location: `/services/data/v${version}/sobjects/${def.name}/${newId}` }), endpoint: `POST /sobjects/${def.name}/Id` };
    }
    // Account records carry an ETag, and If-Match / If-None-Match apply to them ("Conditional Request Headers":
    // a GET whose If-None-Match names the current ETag is 304; a write whose precondition fails is 412). A GET
    // answers ETag and Last-Modified (the Composite guide's example response shows both for an Account GET); the
    // 204 of a write carries neither here: no recording shows headers on it.
    const etagged = def.name === 'Account' && ['GET', 'PATCH', 'DELETE'].includes(method);
    const etagOf = (rec: Rec): Record<string, string> => {
        if (!etagged) return {};
        const modified = rec['LastModifiedDate'];
        return { ETag: recordEtag(def, rec, version), ...(typeof modified === 'number' ? { 'Last-Modified': new Date(modified).toUTCString() } : {}) };
    };
    const precondition = (rec: Rec): Res | undefined => {
        if (!etagged) return undefined;
        const etag = recordEtag(def, rec, version);
        const ifMatch = header(req, 'if-match');
        const ifNoneMatch = header(req, 'if-none-match');
        if (method === 'GET') return ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, etag) ? empty(304, { ETag: etag }) : undefined;
        if ((ifMatch !== undefined && !etagListMatches(ifMatch, etag)) || (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, etag))) {
            // Wording not found in a recording; the status is the documented one.
            return json(412, [{ message: 'The requested resource does not match the precondition in the request.', errorCode: 'PRECONDITION_FAILED' }], { ETag: etag });
        }
        return undefined;
    };
    switch (method) {
        case 'GET': {
            const fields = fieldList(def, req.url.searchParams.get('fields'));
            const rec = org.liveRecord(table, id);
            const unchanged = precondition(rec);
            if (unchanged) return { ...unchanged, endpoint: endpoint('GET') };
            org.touchRecent(rec['Id'] as string);
            return { ...json(200, recordJson(def, rec, version, fields), etagOf(rec)), endpoint: endpoint('GET') };
        }
        case 'PATCH': {
            const body = jsonBody(req);
            const rec = org.liveRecord(table, id);
            const failed = precondition(rec);
            if (failed) return { ...failed, endpoint: endpoint('PATCH') };
            org.update(def.name, id, body);
            org.touchRecent(rec['Id'] as string);
            return { ...empty(204), endpoint: endpoint('PATCH') };
        }
        case 'DELETE': {
            const rec = etagged ? org.liveRecord(table, id) : undefined;
            const failed = rec ? precondition(rec) : undefined;
            if (failed) return { ...failed, endpoint: endpoint('DELETE') };
            org.delete(def.name, id);
            return { ...empty(204), endpoint: endpoint('DELETE') };
        }
        default:
            return methodNotAllowed(method, 'GET,HEAD,PATCH,DELETE');
    }
}

function byExternalId(req: Req, s: SalesforceState, version: string, method: string, def: ObjectDef, fieldName: string, value: string): Res {
    const org = s.org;
    const fd = def.byName.get(fieldName.toLowerCase());
    if (!fd || !(fd.externalId || fd.idLookup)) throw notFound(`Provided external ID field does not exist or is not accessible: ${fieldName}`);
    const endpoint = (m: string): string => `${m} /sobjects/${def.name}/${fd.name}/{value}`;
    const matches = fd.type === 'id' && !to18(value) ? [] : org.findByField(def.name, fd, value);
    const multiple = (): Res => ({
        ...json(300, matches.map((r) => `/services/data/v${version}/sobjects/${def.name}/${String(r['Id'])}`)),
        endpoint: endpoint(method)
    });
    switch (method) {
        case 'GET': {
            const fields = fieldList(def, req.url.searchParams.get('fields'));
            if (matches.length === 0) throw notFound();
            if (matches.length > 1) return multiple();
            org.touchRecent((matches[0] as Rec)['Id'] as string);
            return { ...json(200, recordJson(def, matches[0] as Rec, version, fields)), endpoint: endpoint('GET') };
        }
        case 'DELETE': {
            if (matches.length === 0) throw notFound();
            if (matches.length > 1) return multiple();
            org.delete(def.name, (matches[0] as Rec)['Id'] as string);
            return { ...empty(204), endpoint: endpoint('DELETE') };
        }
        case 'PATCH': {
            const body = jsonBody(req);
            for (const key of Object.keys(body)) {
                const k = key.toLowerCase();
                if (k === 'id') throw new SfError(400, 'INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
                if (k === fd.name.toLowerCase()) {
                    throw new SfError(400, 'INVALID_FIELD', `The ${fd.name} field should not be specified in the sobject data when it is the external ID of the request URL.`);
                }
            }
            if (matches.length > 1) return multiple();
            const hasCreated = Number(version) >= 46;
            if (matches.length === 1) {
                const id = (matches[0] as Rec)['Id'] as string;
                org.update(def.name, id, body);
                org.touchRecent(id);
                if (!hasCreated) return { ...empty(204), endpoint: endpoint('PATCH') };
                return { ...json(200, { id, success: true, errors: [], created: false }), endpoint: endpoint('PATCH') };
            }
            // updateOnly exists from API 61.0 (Summer '24, "Upsert Records Using sObject Rows by External ID": "Forces the
            // upsert to behave like an update"); older versions don't know the parameter and upsert as usual.
            const updateOnly = Number(version) >= 61 && (req.url.searchParams.get('updateOnly') ?? '').toLowerCase() === 'true';
            if (updateOnly || fd.type === 'id') throw notFound();
            const rec = org.insert(def.name, { ...body, [fd.name]: value });
            const id = rec['Id'] as string;
            org.touchRecent(id);
            const result = hasCreated ? { id, success: true, errors: [], created: true } : { id, success: true, errors: [] };
            return { ...json(201, result, { Location: `/services/data/v${version}/sobjects/${def.name}/${id}` }), endpoint: endpoint('PATCH') };
        }
        default:
            return methodNotAllowed(method, 'GET,HEAD,PATCH,DELETE');
    }
}

// ---------------------------------------------------------------------------------------------- query

function batchSize(req: Req, fallback: number): number | undefined {
    const h = header(req, 'sforce-query-options');
    const m = h ? /batchSize\s*=\s*(\d+)/i.exec(h) : null;
    if (!m) return undefined;
    const n = Number(m[1]);
    return Math.min(2000, Math.max(200, n)) || fallback;
}

function query(req: Req, s: SalesforceState, version: string, method: string, kind: 'query' | 'queryAll', parts: string[]): Res {
    if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
    const locator = parts[0];
    if (locator !== undefined) {
        if (parts.length > 1) throw notFound();
        const bs = batchSize(req, s.pageSize);
        return { ...json(200, s.engine.more(locator, { version, ...(bs !== undefined ? { batchSize: bs } : {}) })), endpoint: `GET /${kind}/{locator}` };
    }
    const q = req.url.searchParams.get('q');
    if (q === null || q.trim() === '') {
        throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    checkFileQuery(q);
    const organization = organizationQuery(s, version, q);
    if (organization) return { ...json(200, organization), endpoint: `GET /${kind}` };
    const result = s.engine.run(q, { includeDeleted: kind === 'queryAll', batchSize: batchSize(req, s.pageSize) ?? s.pageSize, version, maxRows: s.queryTimeoutRows });
    return { ...json(200, result), endpoint: `GET /${kind}` };
}

// ---------------------------------------------------------------------------------------------- identity

/** Offset of a time zone from UTC in milliseconds at an instant (what identity's utcOffset reports). */
function utcOffsetMs(timeZone: string, at: number): number {
    try {
        const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(at));
        const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
        const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
        return Math.round((local - Math.floor(at / 1000) * 1000) / 60_000) * 60_000;
    } catch {
        return 0;
    }
}

function identity(req: Req, s: SalesforceState): Res {
    if (bearer(req) !== s.accessToken) {
        return { ...json(401, { error: 'invalid_token', error_description: 'Access token is invalid or expired' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }), endpoint: 'identity' };
    }
    const user = s.org.apiUser();
    const base = s.baseUrl();
    const orgId = s.org.orgId;
    const userId = s.org.apiUserId;
    const urls = {
        enterprise: `${base}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
        partner: `${base}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        search: `${base}/services/data/v{version}/search/`,
        query: `${base}/services/data/v{version}/query/`,
        recent: `${base}/services/data/v{version}/recent/`,
        profile: `${base}/${userId}`
    };
    const photos = { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` };
    const common = {
        photos,
        user_id: userId,
        organization_id: orgId,
        email: user?.['Email'] ?? null,
        active: user?.['IsActive'] !== false,
        user_type: 'STANDARD',
        language: typeof user?.['LanguageLocaleKey'] === 'string' ? user['LanguageLocaleKey'] : 'en_US',
        locale: typeof user?.['LocaleSidKey'] === 'string' ? user['LocaleSidKey'] : 'en_US',
        utcOffset: utcOffsetMs(typeof user?.['TimeZoneSidKey'] === 'string' ? user['TimeZoneSidKey'] : 'America/Los_Angeles', s.org.now()),
        urls
    };
    if (req.path === '/services/oauth2/userinfo') {
        return {
            ...json(200, {
                sub: `${base}/id/${orgId}/${userId}`,
                ...common,
                preferred_username: user?.['Username'] ?? null,
                nickname: user?.['CommunityNickname'] ?? null,
                name: user?.['Name'] ?? null,
                given_name: user?.['FirstName'] ?? null,
                family_name: user?.['LastName'] ?? null,
                email_verified: true,
                picture: photos.picture,
                profile: urls.profile,
                is_app_installed: true,
                zoneinfo: user?.['TimeZoneSidKey'] ?? 'America/Los_Angeles',
                updated_at: typeof user?.['LastModifiedDate'] === 'number' ? new Date(user['LastModifiedDate']).toISOString() : null
            }),
            endpoint: 'GET /services/oauth2/userinfo'
        };
    }
    const m = /^\/id\/([^/]+)\/([^/?]+)/.exec(req.path);
    if (!m || to18(m[1] ?? '') !== orgId || to18(m[2] ?? '') !== userId) return { ...json(404, { error: 'not_found' }), endpoint: 'identity' };
    return {
        ...json(200, {
            id: `${base}/id/${orgId}/${userId}`,
            asserted_user: true,
            ...common,
            username: user?.['Username'] ?? null,
            nick_name: user?.['CommunityNickname'] ?? null,
            display_name: user?.['Name'] ?? null,
            first_name: user?.['FirstName'] ?? null,
            last_name: user?.['LastName'] ?? null,
            timezone: user?.['TimeZoneSidKey'] ?? 'America/Los_Angeles',
            last_modified_date: typeof user?.['LastModifiedDate'] === 'number' ? formatDateTime(user['LastModifiedDate']) : null
        }),
        endpoint: 'GET /id/{org}/{user}'
    };
}
