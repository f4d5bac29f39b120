/**
 * Hostile-input suite: every action in salesforce/actions/, a table of bad inputs for each input it has, run through
 * the real `exec` with a mock whose `proxy` records every request and answers a plausible success.
 *
 * Each case ends up as one of:
 * - rejected: an ActionError of type invalid_input, and no request at all;
 * - escaped:  requests were sent, every one to a legitimate path of the action, and the hostile value travels only in
 *             escaped form: the statement keeps the shape of the same request made with a benign value, and the
 *             requests equal, exactly, the benign requests with the benign value replaced by the escaped hostile
 *             value (escaped by the reference escapers in harness.ts, not by the lib);
 * - leaked:   a request to another path, a SOQL/SOSL/XML/composite URL whose shape changed, a request sent in a case
 *             that had to be rejected, or an input rejected only after a request.
 * Known weaknesses are `it.fails` cases with a `// BUG:` note in the table (see `bug`).
 */
import { describe, expect, it } from 'vitest';

import {
    API,
    IDS,
    actionNames,
    fixtureResponder,
    loadAction,
    occurrences,
    readZip,
    refApexString,
    refSoqlLike,
    refSoqlString,
    refSoslTerm,
    refXml,
    runAction,
    soqlRefuses,
    soqlSkeleton,
    soslSkeleton,
    type ActionModule,
    type Responder,
    type RunResult,
    type SentRequest
} from './harness.js';
import {
    APEX_PATH_TRICKS,
    APEX_QUERY_TRICKS,
    BASE64_TRICKS,
    BOOLEAN_TRICKS,
    CSV_TRICKS,
    EMAIL_TRICKS,
    FILTER_LOGIC_TRICKS,
    READ_QUERY_TRICKS,
    DATE_TRICKS,
    EMPTY_AND_HUGE,
    HUGE,
    LITERAL_TRICKS,
    LOCATOR,
    LOCATOR_TRICKS,
    NAME_TRICKS,
    NUMBER_TRICKS,
    PATH_TRICKS,
    SOSL_TRICKS,
    WEBHOOK_URL_TRICKS,
    WRONG_TYPES,
    absoluteUrlTricks,
    idTricks,
    relativeUrlTricks,
    type Named
} from './catalogue.js';

type Expect = 'rejected' | 'escaped';
type Outcome = 'rejected' | 'escaped' | 'leaked' | 'unexpected';
type Path = Array<string | number>;

type Kind =
    /** An API name (sObject, field, external-id field) or field path: every trick is refused. */
    | 'name'
    | 'quickAction'
    | 'recordId'
    | 'externalId'
    /** An external-id value carried in a JSON body (collections upsert). */
    | 'externalIdBody'
    /** A limit name of get-limits: letters and digits, compared locally. */
    | 'limitName'
    /** A string compared with `=` in SOQL. */
    | 'soqlEq'
    /** A string matched with LIKE in SOQL. */
    | 'soqlLike'
    | 'soslTerm'
    /** A string carried in the SOAP envelope. */
    | 'xml'
    /** A value carried in a JSON request body. */
    | 'body'
    /** A string used only locally (filtering Salesforce's answer); never sent. */
    | 'local'
    /** A whole SOQL/SOSL statement the caller writes, sent as the q parameter by design. */
    | 'rawQuery'
    | 'rawSosl'
    | 'locator'
    | 'date'
    | 'number'
    | 'boolean'
    | 'enum'
    | 'absoluteUrl'
    | 'relativeUrl'
    | 'referenceId'
    /** A record body object: hostile keys. */
    | 'recordKeys'
    /** An array input: wrong types, 10,000 elements. */
    | 'array'
    /**
     * The URL the change notifier POSTs to: https (http only to this machine), no credentials, no fragment, no
     * control character; its origin travels in the SOAP XML, the whole URL in an Apex literal of the deployed .zip.
     */
    | 'webhookUrl'
    | 'cursor'
    /** A value written into a Bulk API CSV cell: quoted when it holds a quote, comma, line break or edge space. */
    | 'csvValue'
    /** One line of text in a JSON body: not blank, no edge spaces, no control, line-separator or invisible characters. */
    | 'plainText'
    /** A file name (PathOnClient): plainText, and no folders, no < > : " | ? *, not only dots, no trailing dot. */
    | 'fileName'
    /** A string of a fixed syntax (an email address, filter logic, a page cursor, an Apex REST path): every trick refused, the valid forms are extras. */
    | 'pattern'
    /** A read-only SOQL SELECT the caller writes (Tooling): sent as written when it is one SELECT, refused otherwise. */
    | 'readQuery'
    /** An idempotency key: compared in a lookup query and written into the record body; see `soqlInQuery`. */
    | 'idempotencyKey';

interface Slot {
    path: Path;
    kind: Kind;
    min?: number;
    max?: number;
    /** Value used for the benign baseline run (default BENIGN). */
    benign?: unknown;
    /** Text replaced in the baseline requests (default: the benign value). */
    token?: string;
    /** recordId: the id the action would need; wrongPrefix: an id of another object. */
    valid?: string;
    wrongPrefix?: string;
    prefixChecked?: boolean;
    /** array: a benign element and the largest accepted length. */
    element?: unknown;
    /** local: a value that does not match makes the action fail after its lookup (close-opportunity stageName). */
    lookup?: boolean;
    /** lookup: how many read requests come before the local check (default 1). */
    lookups?: number;
    /** Additional hand-picked values with their expectation. */
    extra?: Array<[label: string, value: unknown, expect: Expect]>;
    /** Known weaknesses by value label. */
    bugs?: Record<string, string>;
    /** Only the extra values apply (the slot is not a string). */
    onlyExtra?: boolean;
    /** The request body goes out as JSON text (a string `data`): the value is compared inside the parsed body. */
    jsonTextBody?: boolean;
    /** csvValue: the job's only column, where an empty value is written "" (a blank line would not be a row). */
    csvOneColumn?: boolean;
    /** number: fractions are valid values. */
    fraction?: boolean;
    /** recordKeys: an empty record is a valid input here. */
    emptyOk?: boolean;
    /** array: an empty list is the same as leaving the input out (an optional filter or list of mentions). */
    emptyMeansOmitted?: boolean;
    /** The input this slot's values are set into, instead of the spec's base (an input that needs a companion). */
    within?: Record<string, unknown>;
    /**
     * The value travels twice: SOQL-escaped inside the statements of the requests' q parameter (a lookup query), and
     * as given everywhere else (a JSON body). Without it one encoding applies to every request.
     */
    soqlInQuery?: boolean;
}

interface Spec {
    base: Record<string, unknown>;
    /** Legitimate endpoint paths of the action (regular expressions). */
    legit: RegExp[];
    responder?: Responder;
    slots: Slot[];
}

const BENIGN = 'Benignvalue';
const Q = API.replace(/\./g, '\\.');
const N = '[A-Za-z][A-Za-z0-9_]*';
const ID = '[A-Za-z0-9]{18}';
const re = (source: string): RegExp => new RegExp(`^${source}$`);
const P = {
    query: re(`${Q}/query`),
    queryAll: re(`${Q}/queryAll`),
    locator: re(`${Q}/query(?:All)?/[A-Za-z0-9]{15,40}(?:-\\d+)?`),
    sobject: (o = N) => re(`${Q}/sobjects/${o}`),
    record: (o = N) => re(`${Q}/sobjects/${o}/${ID}`),
    byExternalId: re(`${Q}/sobjects/${N}/${N}/[^/?#\\\\\\s]+`),
    describe: re(`${Q}/sobjects/${N}/describe`),
    describeGlobal: re(`${Q}/sobjects/`),
    search: re(`${Q}/search`),
    parameterizedSearch: re(`${Q}/parameterizedSearch`),
    composite: re(`${Q}/composite`),
    batch: re(`${Q}/composite/batch`),
    graph: re(`${Q}/composite/graph`),
    collections: re(`${Q}/composite/sobjects`),
    collectionsUpsert: re(`${Q}/composite/sobjects/${N}/${N}`),
    quickActions: re(`${Q}(?:/sobjects/${N})?/quickActions`),
    quickActionDefaults: re(`${Q}(?:/sobjects/${N})?/quickActions/${N}(?:\\.${N})?/defaultValues(?:/${ID})?`),
    recent: re(`${Q}/recent`),
    limits: re(`${Q}/limits`),
    userInfo: re('/services/oauth2/userinfo'),
    resources: re(`${Q}/`),
    versions: re('/services/data/'),
    soap: re('/services/Soap/u/66\\.0'),
    uiApiPicklist: re(`${Q}/ui-api/object-info/Lead/picklist-values/${ID}/Status`),
    metadataSoap: re('/services/Soap/m/66\\.0'),
    toolingQuery: re(`${Q}/tooling/query`),
    toolingLocator: re(`${Q}/tooling/query/[A-Za-z0-9]{15,40}-\\d+`),
    ingestJobs: re(`${Q}/jobs/ingest`),
    ingestJob: re(`${Q}/jobs/ingest/750[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?(?:/batches|/successfulResults|/failedResults|/unprocessedrecords)?`),
    versionData: re(`${Q}/sobjects/ContentVersion/${ID}/VersionData`),
    reports: re(`${Q}/analytics/reports`),
    report: re(`${Q}/analytics/reports/00O[A-Za-z0-9]{15}(?:/describe|/instances(?:/0LG[A-Za-z0-9]{15})?)?`),
    dashboards: re(`${Q}/analytics/dashboards(?:/01Z[A-Za-z0-9]{15})?`),
    actionsStandard: re(`${Q}/actions/standard(?:/${N})?`),
    actionsCustom: re(`${Q}/actions/custom(?:/${N}(?:/${N}(?:\\.${N})?)?)?`),
    feedElements: re(`${Q}/chatter/feed-elements`),
    approvals: re(`${Q}/process/approvals/`),
    apexRest: re('/services/apexrest/[^?#\\s]+'),
    replication: re(`${Q}/sobjects/${N}/(?:updated|deleted)/`)
};

// ---------------------------------------------------------------------------------------------------------------
// Slot helpers

const name = (path: Path, extra?: Slot['extra']): Slot => ({ path, kind: 'name', ...(extra ? { extra } : {}) });
const id = (path: Path, valid: string, wrongPrefix: string, prefixChecked: boolean, bugs?: Record<string, string>): Slot => ({
    path,
    kind: 'recordId',
    valid,
    wrongPrefix,
    prefixChecked,
    benign: valid,
    ...(bugs ? { bugs } : {})
});
const text = (path: Path, kind: Kind, min: number, max: number, extra?: Partial<Slot>): Slot => ({ path, kind, min, max, ...extra });
const num = (path: Path, fraction = false): Slot => ({ path, kind: 'number', fraction });
const bool = (path: Path): Slot => ({ path, kind: 'boolean' });
const enumOf = (path: Path): Slot => ({ path, kind: 'enum' });
const date = (path: Path): Slot => ({ path, kind: 'date' });
/** A date carried in a JSON body: checked like a SOQL date (an impossible date is refused, not sent). */
const bodyDate = (path: Path): Slot => ({ path, kind: 'date' });
const keys = (path: Path, extra?: Slot['extra'], emptyOk = true): Slot => ({ path, kind: 'recordKeys', emptyOk, ...(extra ? { extra } : {}) });
const array = (path: Path, element: unknown, max: number, emptyMeansOmitted = false): Slot => ({ path, kind: 'array', element, max, ...(emptyMeansOmitted ? { emptyMeansOmitted } : {}) });
const cursor = (path: Path, textSort: string | null, valid: string): Slot => ({ path, kind: 'cursor', benign: textSort ? JSON.stringify([textSort, 'ASC', BENIGN, valid]) : undefined, token: BENIGN, valid, ...(textSort ? { element: textSort } : {}) });

/** Answers the stage query of close-opportunity with one closed-won stage. */
const stageResponder: Responder = (req) =>
    req.endpoint.endsWith('/query')
        ? { data: { totalSize: 1, done: true, records: [{ ApiName: 'Closed Won', MasterLabel: 'Closed Won', IsWon: true, IsClosed: true, DefaultProbability: 100, ForecastCategoryName: 'Closed' }] } }
        : undefined;

/** convert-lead reads the lead (an open lead without a record type), then the org's converted statuses: these. */
const leadResponder =
    (...statuses: string[]): Responder =>
    (req) => {
        if (/\/sobjects\/Lead\/[A-Za-z0-9]+$/.test(req.endpoint)) return { data: { attributes: { type: 'Lead' }, Id: IDS.lead, IsConverted: false, Status: 'Open - Not Contacted' } };
        if (req.endpoint.endsWith('/query')) return { data: { totalSize: statuses.length, done: true, records: statuses.map((ApiName) => ({ ApiName, MasterLabel: ApiName })) } };
        return undefined;
    };

const listSlots = (filters: Slot[], textSort: string | null, ownerWrong: string, cursorId: string): Slot[] => [
    id(['ownerId'], IDS.user, ownerWrong, false),
    text(['modifiedSince'], 'date', 0, 0),
    enumOf(['sortBy']),
    enumOf(['sortDirection']),
    num(['limit']),
    cursor(['cursor'], textSort, cursorId),
    ...filters
];

/** Answers a typed get's queryAll with the record asked for. */
const recordResponder =
    (sObject: string, recordId: string): Responder =>
    (req) =>
        req.endpoint.endsWith('/queryAll') ? { data: { totalSize: 1, done: true, records: [{ attributes: { type: sObject }, Id: recordId, Name: 'Acme', IsDeleted: false }] } } : undefined;
const typedGet = (sObject: string, valid: string, wrong: string): Spec => ({
    base: { recordId: valid },
    legit: [P.queryAll],
    responder: recordResponder(sObject, valid),
    slots: [id(['recordId'], valid, wrong, true)]
});
const typedDelete = (sObject: string, valid: string, wrong: string): Spec => ({ base: { recordId: valid }, legit: [P.record(sObject)], slots: [id(['recordId'], valid, wrong, true)] });
const typedSearch: Spec = { base: { text: BENIGN }, legit: [P.search], slots: [text(['text'], 'soslTerm', 2, 200), num(['limit'])] };

const batchBase = { batchRequests: [{ method: 'GET', url: `v66.0/sobjects/Account/${IDS.account}` }] };
const compositeBase = { compositeRequest: [{ method: 'GET', url: `${API}/sobjects/Account/${IDS.account}`, referenceId: 'r1' }] };
const graphBase = { graphs: [{ graphId: 'g1', compositeRequest: [{ method: 'POST', url: `${API}/sobjects/Account`, referenceId: 'a1', body: { Name: 'Acme' } }] }] };
const searchObjects = [{ sObject: 'Account', fields: ['Id', 'Name'], where: [{ field: 'Industry', operator: '=', value: 'Technology' }] }];
/** A filter value may also be a number, a boolean or null (Industry = null). */
const scalarFilterValues: Slot['extra'] = [
    ['number for string', 42, 'escaped'],
    ['boolean for string', true, 'escaped'],
    ['null for string', null, 'escaped'],
    ['list for a single-value operator', ['x', 'y'], 'rejected']
];

/**
 * The change-notifier actions: Metadata API calls (one SOAP endpoint, answered by operation, as in the fixtures of
 * salesforce/tests/*-change-notifier.test.json), describe global, the Organization query and the Tooling queries of
 * the Nango Apex. The org has the three classes and two triggers, one of them (Task) no longer wanted by the install.
 */
const DEPLOY_ID = '0AfD000000Dep01KAA';
const mdEnvelope = (operation: string, result: string): string =>
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><${operation}Response>${result}</${operation}Response></soapenv:Body></soapenv:Envelope>`;
const METADATA_RESULTS: Record<string, string> = {
    upsertMetadata: '<result><created>true</created><fullName>Nango_Change_Notifier</fullName><success>true</success></result>',
    deploy: `<result><done>false</done><id>${DEPLOY_ID}</id><state>Queued</state></result>`,
    checkDeployStatus:
        `<result><checkOnly>false</checkOnly><completedDate>2026-12-01T10:00:05.000+0000</completedDate><createdDate>2026-12-01T10:00:01.000+0000</createdDate>` +
        '<details><componentSuccesses><componentType>ApexClass</componentType><fullName>NangoChangeNotifier</fullName><id>01pD00000000001AAA</id><success>true</success></componentSuccesses>' +
        '<runTestResult><codeCoverage><id>01pD00000000001AAA</id><name>NangoChangeNotifier</name><namespace xsi:nil="true"/><numLocations>65</numLocations><numLocationsNotCovered>0</numLocationsNotCovered><type>Class</type></codeCoverage>' +
        '<numFailures>0</numFailures><numTestsRun>9</numTestsRun><totalTime>812.0</totalTime></runTestResult></details>' +
        `<done>true</done><id>${DEPLOY_ID}</id><numberComponentErrors>0</numberComponentErrors><rollbackOnError>true</rollbackOnError><status>Succeeded</status><success>true</success></result>`,
    readMetadata:
        '<result><records xsi:type="RemoteSiteSetting"><fullName>Nango_Change_Notifier</fullName><description>Nango change notifier</description><disableProtocolSecurity>false</disableProtocolSecurity><isActive>true</isActive><url>https://hooks.example</url></records></result>',
    deleteMetadata: '<result><fullName>Nango_Change_Notifier</fullName><success>true</success></result>'
};
const apexRow = (type: string, id: string, name: string, extra: Record<string, unknown> = {}) => ({ attributes: { type }, Id: id, Name: name, ...extra, Status: 'Active', ApiVersion: 66.0, LastModifiedDate: '2026-12-01T10:00:00.000+0000' });
const notifierResponder: Responder = (req) => {
    if (req.endpoint === '/services/Soap/m/66.0') {
        const operation = /<soapenv:Body><met:(\w+)>/.exec(String(req.data))?.[1] ?? '';
        const result = METADATA_RESULTS[operation];
        if (result !== undefined) return { data: mdEnvelope(operation, result) };
        return { status: 500, data: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_OPERATION</faultcode><faultstring>no answer for ${operation}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>` };
    }
    if (req.endpoint === `${API}/sobjects/`) {
        const object = (name: string, triggerable: boolean, undeletable: boolean) => ({ name, triggerable, undeletable });
        return { data: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: [object('Account', true, true), object('Contact', true, true), object('Task', true, false), object('Invoice__c', true, true), object('LeadStatus', false, false)] } };
    }
    const q = req.params?.['q'] ?? '';
    if (req.endpoint === `${API}/tooling/query` && q.includes(' FROM ApexClass ')) {
        const records = [apexRow('ApexClass', '01pD00000000001AAA', 'NangoChangeNotifier'), apexRow('ApexClass', '01pD00000000002AAA', 'NangoChangeNotifierSettings'), apexRow('ApexClass', '01pD00000000003AAA', 'NangoChangeNotifierTest')];
        return { data: { size: records.length, totalSize: records.length, done: true, records } };
    }
    if (req.endpoint === `${API}/tooling/query` && q.includes(' FROM ApexTrigger ')) {
        const records = [apexRow('ApexTrigger', '01qD00000000001AAA', 'NangoNotify_Account', { TableEnumOrId: 'Account' }), apexRow('ApexTrigger', '01qD00000000002AAA', 'NangoNotify_Task', { TableEnumOrId: 'Task' })];
        return { data: { size: records.length, totalSize: records.length, done: true, records } };
    }
    if (req.endpoint === `${API}/query` && q.includes(' FROM Organization ')) {
        return { data: { totalSize: 1, done: true, records: [{ attributes: { type: 'Organization' }, IsSandbox: false, OrganizationType: 'Enterprise Edition' }] } };
    }
    return undefined;
};
const NOTIFIER_LEGIT = [P.metadataSoap, P.toolingQuery, P.describeGlobal, P.query];
const BENIGN_WEBHOOK_URL = 'https://hooks.example/webhook';

/** Answers the campaign actions' CampaignMemberStatus query: the campaign has Sent (default) and Benignvalue. */
const campaignResponder: Responder = (req) =>
    req.endpoint.endsWith('/query') && (req.params?.['q'] ?? '').includes(' FROM CampaignMemberStatus ')
        ? { data: { totalSize: 2, done: true, records: [{ Label: 'Sent', IsDefault: true, HasResponded: false }, { Label: BENIGN, IsDefault: false, HasResponded: true }] } }
        : undefined;

// ---------------------------------------------------------------------------------------------------------------
// Bulk ingest, files, reports and dashboards, invocable actions, approvals, Apex REST, replication and Tooling:
// answered from each action's own fixture (salesforce/tests/<name>.test.json) so that baselines run to the end.

const JOB = IDS.bulkJob;
/** The merge fixture's records (its queryAll answers with them). */
const MERGE_MASTER = '001D000000IqhSLIAZ';
const MERGE_VICTIM = '001D000000IqhSMIAZ';
const keyTricks = (): NonNullable<Slot['extra']> =>
    [...PATH_TRICKS, ...NAME_TRICKS].filter(([, key]) => key !== '__proto__').map(([label, key]) => [`key ${label}`, { [String(key)]: 'x' }, 'rejected']);
const bulkBase = { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Ng' }] };
const bulkCsvBase = { sObject: 'Contact', operation: 'insert', csv: `LastName\n${BENIGN}\n` };
const reportFilter = { column: 'AMOUNT', operator: 'equals', value: '1' };
const reportFilterSlots = (within: Record<string, unknown>): Slot[] => [
    {
        ...name(['filters', 0, 'column'], [
        // report column names are letters, digits, underscores and dots: these are well-formed ones, looked up
        ['SOQL keyword', 'Select', 'escaped'],
        ['keyword FROM', 'FROM', 'escaped'],
        ['trailing underscore', 'Name_', 'escaped'],
        ['triple underscore', 'Name___c', 'escaped'],
        ['leading digit', '1Account', 'escaped'],
        ['81 characters', 'A'.repeat(81), 'escaped'],
        ['dotted column', 'Opportunity.Region__c', 'escaped'],
        ['a JSON fragment', 'AMOUNT","operator":"equals', 'rejected'],
        ['markup', '<img src=x>', 'rejected']
        ]),
        within,
        // a well-formed column is checked against the report's describe: one not there is refused after that read alone
        lookup: true,
        benign: 'AMOUNT',
        token: 'AMOUNT'
    },
    { ...enumOf(['filters', 0, 'operator']), within, extra: [['__proto__', '__proto__', 'rejected'], ['constructor', 'constructor', 'rejected'], ['SOQL operator', 'LIKE', 'rejected']] },
    { path: ['filters', 0, 'value'], kind: 'body', min: 0, max: 4_000, within, extra: [['an object', { $gt: 1 }, 'rejected'], ['a number', 100_000, 'rejected'], ['a lone surrogate', 'a\ud800b', 'rejected'], ['null for string', null, 'rejected'], ['boolean for string', true, 'rejected'], ['number for string', 42, 'rejected']] },
    {
        path: ['booleanFilter'],
        kind: 'pattern',
        benign: '1 AND 2',
        within: { ...within, filters: [reportFilter, { ...reportFilter, column: 'STAGE_NAME' }] },
        extra: [...FILTER_LOGIC_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['OR in parentheses', '(1 OR 2)', 'escaped'], ['NOT', 'NOT 1 AND 2', 'escaped'], ['lower case', '1 or 2', 'escaped']]
    },
    array(['filters'], reportFilter, 20, true),
    bool(['replaceSavedFilters']),
    bool(['includeDetails'])
];
const REPLICATION_NOW = Date.now();
const minuteIso = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
const replicationSpec = (): Spec => ({
    base: { sObject: 'Account', start: minuteIso(REPLICATION_NOW - 3_600_000), end: minuteIso(REPLICATION_NOW) },
    legit: [P.replication],
    slots: [
        name(['sObject']),
        { ...date(['start']), extra: [['no zone', '2026-11-20T10:00:00', 'rejected'], ['a query smuggled after the time', `${minuteIso(REPLICATION_NOW)}&end=2099-01-01T00:00:00Z`, 'rejected'], ['40 days ago', minuteIso(REPLICATION_NOW - 40 * 86_400_000), 'rejected']] },
        { ...date(['end']), extra: [['before start', minuteIso(REPLICATION_NOW - 7_200_000), 'rejected'], ['inside the same minute as start', minuteIso(REPLICATION_NOW - 3_600_000).replace(':00.000Z', ':30.000Z'), 'rejected']] },
        num(['offset'])
    ]
});
const invocableRows = (within: Record<string, unknown>): Slot[] => [
    // parameter names are JSON keys of the body: names only (a reserved SOQL word is a name like any other)
    {
        ...keys(['inputs', 0], [['dotted key', { 'a.b': 1 }, 'rejected'], ['key SOQL keyword', { Select: 'x' }, 'escaped'], ['key keyword FROM', { FROM: 'x' }, 'escaped']], false),
        benign: { note: 'x' },
        within
    },
    { path: ['inputs', 0, 'note'], kind: 'body', benign: BENIGN, within, extra: [['nested hostile object', { a: ["' OR 1=1 ../limits\u202e"] }, 'escaped']] },
    { ...array(['inputs'], { note: 'x' }, 200), within }
];
/** Any invocable action or flow runs: one success per input row (the fixture answers the lists and describes). */
const invocableResponder =
    (fixture: string): Responder =>
    (req, i) => {
        if (req.method === 'POST' && req.endpoint.includes('/actions/')) {
            const rows = ((req.data as { inputs?: unknown[] } | undefined)?.inputs ?? []).length;
            return { data: Array.from({ length: rows }, () => ({ actionName: req.endpoint.split('/').pop(), errors: null, isSuccess: true, outputValues: null })) };
        }
        return fixtureResponder(fixture)(req, i);
    };
const actionTypeExtras: Slot['extra'] = [
    ['SOQL keyword', 'Select', 'escaped'],
    ['keyword FROM', 'FROM', 'escaped']
];

/**
 * The idempotency inputs of a create (create-record and the typed creates): the key is looked up first (SOQL, escaped
 * as a literal) and then written into the body as given; the key field is a field name, validated.
 */
const KEY_FIELD = 'Request_Id__c';
const idempotencySlots = (base: Record<string, unknown>): Slot[] => [
    { path: ['idempotencyKey'], kind: 'idempotencyKey', min: 1, max: 255, soqlInQuery: true, within: { ...base, idempotencyKeyField: KEY_FIELD } },
    { ...name(['idempotencyKeyField']), within: { ...base, idempotencyKey: 'key-1' } },
    { path: ['idempotencyKey'], kind: 'body', onlyExtra: true, extra: [['a key without its field', 'key-1', 'rejected']] },
    { path: ['idempotencyKeyField'], kind: 'body', onlyExtra: true, extra: [['a field without a key', KEY_FIELD, 'rejected']] }
];
/** A typed create's entry with its idempotency slots; the lookup query goes to /query. */
const withIdempotency = (spec: Spec): Spec => ({ ...spec, legit: [...spec.legit, P.query], slots: [...spec.slots, ...idempotencySlots(spec.base)] });

const NEW_SPECS: Record<string, Spec> = {
    'abort-bulk-job': { base: { jobId: JOB }, legit: [P.ingestJob], responder: fixtureResponder('abort-bulk-job'), slots: [id(['jobId'], JOB, IDS.account, true)] },
    'create-bulk-job': {
        base: bulkBase,
        legit: [P.ingestJobs, P.ingestJob],
        responder: fixtureResponder('create-bulk-job'),
        slots: [
            name(['sObject']),
            enumOf(['operation']),
            { ...name(['externalIdFieldName']), within: { sObject: 'Contact', operation: 'upsert', externalIdFieldName: 'Ext__c', records: [{ LastName: 'Ng', Ext__c: 'E1' }] } },
            // field names become CSV header columns: every trick refused (a job takes up to 5,000 columns, so no field-count case)
            { ...keys(['records', 0], keyTricks(), false), onlyExtra: true },
            {
                path: ['records', 0, 'LastName'],
                kind: 'csvValue',
                benign: BENIGN,
                // LastName is the job's only column here
                csvOneColumn: true,
                extra: [
                    ['number', 42, 'escaped'],
                    ['boolean', true, 'escaped'],
                    ['null (#N/A)', null, 'escaped'],
                    ['array for string', ['x'], 'rejected'],
                    ['quote, comma and line break', 'say "hi", then\r\nleave', 'escaped'],
                    ['formula-looking', '=1+1', 'escaped']
                ]
            },
            { path: ['csv'], kind: 'body', onlyExtra: true, benign: bulkCsvBase.csv, within: bulkCsvBase, extra: [...CSV_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['quoted values with a comma and quotes', 'LastName\n"a,b"\n"say ""hi"""\n', 'escaped']] },
            {
                path: ['records'],
                kind: 'array',
                onlyExtra: true,
                extra: [
                    ['100,001 records', Array.from({ length: 100_001 }, () => ({ LastName: 'x' })), 'rejected'],
                    ['object for array', { 0: { LastName: 'x' } }, 'rejected'],
                    ['string for array', 'x', 'rejected'],
                    ['empty array', [], 'rejected'],
                    ['records and csv together', [{ LastName: 'x' }], 'rejected']
                ],
                within: { ...bulkCsvBase, csv: 'LastName\nx\n' }
            },
            enumOf(['columnDelimiter']),
            enumOf(['lineEnding'])
        ]
    },
    'get-bulk-job': { base: { jobId: JOB }, legit: [P.ingestJob], responder: fixtureResponder('get-bulk-job'), slots: [id(['jobId'], JOB, IDS.account, true)] },
    'get-bulk-job-results': {
        base: { jobId: JOB, results: 'failed' },
        legit: [P.ingestJob],
        responder: fixtureResponder('get-bulk-job-results'),
        slots: [id(['jobId'], JOB, IDS.account, true), enumOf(['results']), num(['offset']), num(['limit'])]
    },
    'upload-file': {
        base: { title: 'Contract', fileName: 'contract.pdf', contentBase64: 'JVBERi0xLjQK', linkToRecordId: IDS.account },
        legit: [P.sobject('ContentVersion'), P.query],
        responder: fixtureResponder('upload-file'),
        slots: [
            text(['title'], 'plainText', 1, 255),
            text(['fileName'], 'fileName', 1, 255, { extra: [['UNC path', '\\\\server\\share\\x.pdf', 'rejected'], ['colon stream', 'file.txt:evil', 'rejected'], ['three dots', '...', 'rejected'], ['trailing dot', 'contract.', 'rejected']] }),
            {
                path: ['contentBase64'],
                kind: 'pattern',
                benign: 'QmVuaWdu',
                extra: [...BASE64_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['padded', 'QUI=', 'escaped'], ['plus and slash', 'ab+/', 'escaped'], ['100k-character string', HUGE, 'escaped']]
            },
            // a description may hold line breaks and tabs (it is a text area), not other control characters
            text(['description'], 'body', 0, 1_000, { extra: [['NUL', 'a\u0000b', 'rejected'], ['bell', 'a\u0007b', 'rejected'], ['DEL', 'a\u007fb', 'rejected'], ['number for string', 42, 'rejected'], ['object for string', { a: 1 }, 'rejected'], ['array for string', ['x'], 'rejected'], ['boolean for string', true, 'rejected'], ['null for string', null, 'rejected']] }),
            id(['linkToRecordId'], IDS.account, IDS.contentDocument, true),
            bool(['preventOthersFromSharing']),
            bool(['privateOnRecords'])
        ]
    },
    'download-file': {
        base: { fileId: IDS.contentDocument },
        legit: [P.queryAll, P.query, P.versionData],
        responder: fixtureResponder('download-file'),
        slots: [id(['fileId'], IDS.contentDocument, IDS.account, true), num(['offset']), num(['maxBytes'])]
    },
    'list-record-files': {
        base: { recordId: IDS.account },
        legit: [P.query],
        responder: fixtureResponder('list-record-files'),
        slots: [id(['recordId'], IDS.account, IDS.contentDocument, true), num(['limit']), id(['cursor'], IDS.contentLink, IDS.contentDocument, true)]
    },
    'link-file-to-record': {
        base: { contentDocumentId: IDS.contentDocument, recordId: IDS.account },
        legit: [P.sobject('ContentDocumentLink')],
        responder: fixtureResponder('link-file-to-record'),
        slots: [id(['contentDocumentId'], IDS.contentDocument, IDS.contentVersion, true), id(['recordId'], IDS.account, IDS.contentDocument, true), enumOf(['shareType']), enumOf(['visibility'])]
    },
    'delete-file': {
        base: { fileId: IDS.contentDocument },
        legit: [P.record('ContentDocument'), P.queryAll],
        responder: fixtureResponder('delete-file'),
        slots: [id(['fileId'], IDS.contentDocument, IDS.account, true)]
    },
    'list-reports': {
        base: {},
        legit: [P.reports, P.query],
        responder: fixtureResponder('list-reports'),
        slots: [
            text(['folderName'], 'soqlEq', 1, 255),
            text(['nameContains'], 'soqlLike', 1, 255),
            text(['developerName'], 'soqlEq', 1, 80),
            enumOf(['format']),
            bool(['all']),
            num(['limit']),
            num(['offset'])
        ]
    },
    'describe-report': {
        base: { reportId: IDS.report },
        legit: [P.report],
        responder: fixtureResponder('describe-report'),
        slots: [id(['reportId'], IDS.report, IDS.dashboard, true), bool(['includeReportTypeColumns'])]
    },
    'run-report': {
        base: { reportId: IDS.report },
        legit: [P.report],
        responder: fixtureResponder('run-report'),
        slots: [
            id(['reportId'], IDS.report, IDS.dashboard, true),
            ...reportFilterSlots({ reportId: IDS.report, replaceSavedFilters: true, filters: [reportFilter] }),
            enumOf(['keyBy']),
            enumOf(['cellFormat'])
        ]
    },
    'run-report-async': {
        base: { reportId: IDS.report },
        legit: [P.report],
        responder: fixtureResponder('run-report-async'),
        slots: [id(['reportId'], IDS.report, IDS.dashboard, true), ...reportFilterSlots({ reportId: IDS.report, replaceSavedFilters: true, filters: [reportFilter] })]
    },
    'get-report-instance': {
        base: { reportId: IDS.report, instanceId: IDS.reportInstance },
        legit: [P.report],
        responder: fixtureResponder('get-report-instance'),
        slots: [id(['reportId'], IDS.report, IDS.dashboard, true), id(['instanceId'], IDS.reportInstance, IDS.report, true), enumOf(['keyBy']), enumOf(['cellFormat'])]
    },
    'list-dashboards': { base: {}, legit: [P.dashboards], responder: fixtureResponder('list-dashboards'), slots: [num(['limit'])] },
    'get-dashboard': {
        base: { dashboardId: IDS.dashboard },
        legit: [P.dashboards],
        responder: fixtureResponder('get-dashboard'),
        slots: [
            id(['dashboardId'], IDS.dashboard, IDS.report, true),
            id(['filterOptionIds', 0], IDS.filterOption, IDS.account, false),
            array(['filterOptionIds'], IDS.filterOption, 3, true),
            id(['runningUserId'], IDS.user, IDS.account, true)
        ]
    },
    'list-invocable-actions': {
        base: {},
        legit: [P.actionsStandard, P.actionsCustom],
        responder: fixtureResponder('list-invocable-actions'),
        slots: [
            enumOf(['kind']),
            name(['customTypes', 0], actionTypeExtras),
            array(['customTypes'], 'flow', 20),
            text(['nameContains'], 'local', 1, 100),
            bool(['includeParameters']),
            num(['limit']),
            { ...num(['offset']), benign: 2, extra: [['next page', 4, 'escaped'], ['seven digits', 9_999_999, 'rejected'], ['hex string', '0x10', 'rejected']] }
        ]
    },
    'run-flow': {
        base: { flowApiName: 'Create_Follow_Up_Task', inputs: [{ note: 'x' }] },
        legit: [P.actionsCustom],
        responder: invocableResponder('run-flow'),
        slots: [name(['flowApiName'], actionTypeExtras), ...invocableRows({ flowApiName: 'Create_Follow_Up_Task', inputs: [{ note: 'x' }] })]
    },
    'run-invocable-action': {
        base: { actionType: 'standard', actionName: 'chatterPost', inputs: [{ note: 'x' }] },
        legit: [P.actionsStandard, P.actionsCustom],
        responder: invocableResponder('run-invocable-action'),
        slots: [
            { ...name(['actionType'], actionTypeExtras), benign: 'flow' },
            {
                ...name(['actionName'], [...(actionTypeExtras ?? []), ['object quick action', 'Account.LogACall', 'escaped'], ['three parts', 'A.B.C', 'rejected'], ['leading dot', '.LogACall', 'rejected'], ['trailing dot', 'Account.', 'rejected']]),
                within: { actionType: 'quickAction', actionName: 'LogACall', inputs: [{ note: 'x' }] }
            },
            ...invocableRows({ actionType: 'standard', actionName: 'chatterPost', inputs: [{ note: 'x' }] })
        ]
    },
    'send-email': {
        base: { to: ['ada@example.com'], subject: 'Subject', body: 'Body' },
        legit: [P.actionsStandard],
        responder: fixtureResponder('send-email'),
        slots: [
            ...(['to', 'cc', 'bcc'] as const).map(
                (field): Slot => ({
                    path: [field, 0],
                    kind: 'pattern',
                    benign: `${field}@example.com`,
                    extra: [...EMAIL_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['quote and plus', "o'brien+tag@sub.example.co.uk", 'escaped']]
                })
            ),
            array(['to'], 'ada@example.com', 150),
            id(['recipientId'], IDS.contact, IDS.opportunity, true),
            // a subject is one line: no tab either; a body keeps line breaks and tabs, refuses other control characters
            text(['subject'], 'plainText', 1, 3_000, { extra: [['single space', ' ', 'escaped']] }),
            text(['body'], 'body', 1, 32_000, { extra: [['NUL', 'a\u0000b', 'rejected'], ['bell', 'a\u0007b', 'rejected'], ['DEL', 'a\u007fb', 'rejected'], ['number for string', 42, 'rejected'], ['object for string', { a: 1 }, 'rejected'], ['array for string', ['x'], 'rejected'], ['boolean for string', true, 'rejected'], ['null for string', null, 'rejected']] }),
            enumOf(['senderType']),
            {
                path: ['senderAddress'],
                kind: 'pattern',
                benign: 'support@acme.example',
                within: { to: ['ada@example.com'], subject: 'Subject', body: 'Body', senderType: 'OrgWideEmailAddress' },
                extra: [...EMAIL_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['quote and plus', "o'brien+tag@sub.example.co.uk", 'escaped']]
            },
            id(['relatedRecordId'], IDS.account, IDS.contact, false),
            bool(['logEmailOnSend'])
        ]
    },
    'post-chatter-message': {
        base: { subjectId: IDS.account, text: 'Signed' },
        legit: [P.feedElements],
        responder: fixtureResponder('post-chatter-message'),
        slots: [
            id(['subjectId'], IDS.account, IDS.user, false),
            text(['text'], 'body', 0, 10_000, { extra: [['single space', ' ', 'rejected'], ['empty string', '', 'rejected'], ['NUL', 'a\u0000b', 'rejected'], ['bell', 'a\u0007b', 'rejected'], ['DEL', 'a\u007fb', 'rejected'], ['bidi override', 'invoice\u202egnp.exe', 'rejected'], ['mention markup is text', 'Hi @[005D0000001Az9bIAC] #[topic] {!$User.Email}', 'escaped']] }),
            id(['mentionUserIds', 0], IDS.user, IDS.account, true),
            array(['mentionUserIds'], IDS.user, 25, true),
            { ...text(['segments', 0, 'text'], 'body', 0, 10_000, { extra: [['single space', ' ', 'rejected'], ['empty string', '', 'rejected'], ['NUL', 'a\u0000b', 'rejected'], ['bell', 'a\u0007b', 'rejected'], ['DEL', 'a\u007fb', 'rejected']] }), within: { subjectId: IDS.account, segments: [{ text: 'x' }] } },
            { ...id(['segments', 0, 'mentionUserId'], IDS.user, IDS.account, true), within: { subjectId: IDS.account, segments: [{ text: 'x' }, { mentionUserId: IDS.user }] }, path: ['segments', 1, 'mentionUserId'] }
        ]
    },
    'list-related-records': {
        base: { sObject: 'Account', recordId: IDS.account, relationship: 'Contacts' },
        legit: [P.describe, P.query, P.locator],
        responder: fixtureResponder('list-related-records'),
        slots: [
            name(['sObject']),
            id(['recordId'], IDS.account, IDS.contact, true),
            name(['relationship'], [['relationship path', 'Contacts.Account', 'rejected'], ['subquery', '(SELECT Id FROM Contacts)', 'rejected']]),
            name(['fields', 0], [['relationship path', 'Owner.Name', 'escaped']]),
            array(['fields'], 'Id', 200),
            name(['orderBy']),
            bool(['descending']),
            num(['batchSize']),
            { path: ['nextRecordsUrl'], kind: 'locator' }
        ]
    },
    'merge-records': {
        base: { sObject: 'Account', masterRecordId: MERGE_MASTER, mergeRecordIds: [MERGE_VICTIM] },
        legit: [P.queryAll, P.soap],
        responder: fixtureResponder('merge-records'),
        slots: [
            enumOf(['sObject']),
            id(['masterRecordId'], MERGE_MASTER, IDS.contact, true),
            id(['mergeRecordIds', 0], MERGE_VICTIM, IDS.contact, true),
            { ...array(['mergeRecordIds'], MERGE_VICTIM, 2), extra: [['the master again', [MERGE_MASTER], 'rejected'], ['the same record twice', [MERGE_VICTIM, MERGE_VICTIM.slice(0, 15)], 'rejected']] },
            { ...keys(['fieldValuesFrom'], [['a record not merged', { Phone: IDS.contact }, 'rejected'], ['a value not an id', { Phone: "' OR 1=1" }, 'rejected']]), onlyExtra: true }
        ]
    },
    'submit-for-approval': {
        base: { recordId: IDS.opportunity },
        legit: [P.approvals],
        responder: fixtureResponder('submit-for-approval'),
        slots: [
            id(['recordId'], IDS.opportunity, IDS.account, false),
            text(['comments'], 'body', 0, 4_000),
            id(['nextApproverId'], IDS.user, IDS.account, true),
            id(['submitterId'], IDS.user, IDS.account, true),
            name(['processDefinitionNameOrId'], [['SOQL keyword', 'Select', 'escaped'], ['keyword FROM', 'FROM', 'escaped'], ['trailing underscore', 'Name_', 'escaped'], ['triple underscore', 'Name___c', 'escaped'], ['81 characters', 'A'.repeat(81), 'escaped'], ['a process id', IDS.approvalProcess, 'escaped']]),
            { ...bool(['skipEntryCriteria']), within: { recordId: IDS.opportunity, processDefinitionNameOrId: 'Discount_Approval' } }
        ]
    },
    'approve-or-reject': {
        base: { workItemId: IDS.workItem, decision: 'approve' },
        legit: [P.approvals],
        responder: fixtureResponder('approve-or-reject'),
        slots: [id(['workItemId'], IDS.workItem, IDS.account, true), enumOf(['decision']), text(['comments'], 'body', 0, 4_000), id(['nextApproverId'], IDS.user, IDS.account, true)]
    },
    'list-pending-approvals': {
        base: {},
        legit: [P.query, P.locator],
        responder: fixtureResponder('list-pending-approvals'),
        // approverId: a User (005) or a queue (00G) id; another prefix only finds nothing, so the prefix is not checked
        slots: [id(['approverId'], IDS.user, IDS.account, false), id(['recordId'], IDS.opportunity, IDS.account, false), num(['batchSize']), { path: ['nextRecordsUrl'], kind: 'locator' }]
    },
    'call-apex-rest': {
        base: { method: 'GET', path: 'InvoiceService/v1/INV-1001' },
        legit: [P.apexRest],
        responder: fixtureResponder('call-apex-rest'),
        slots: [
            enumOf(['method']),
            {
                path: ['path'],
                kind: 'pattern',
                onlyExtra: true,
                benign: BENIGN,
                extra: [...APEX_PATH_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['namespaced', 'acme/Invoices', 'escaped'], ['an at sign', '@evil.example/x', 'escaped']]
            },
            {
                path: ['queryParameters'],
                kind: 'body',
                onlyExtra: true,
                benign: { status: BENIGN },
                token: BENIGN,
                extra: [...APEX_QUERY_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['hostile value as a parameter', { status: "../limits?x=1&y=2#frag O'Brien; DROP" }, 'escaped']]
            },
            // the body is the caller's JSON for its own service, sent as its JSON text (never in the path)
            { path: ['body', 'note'], kind: 'body', benign: BENIGN, jsonTextBody: true, within: { method: 'POST', path: 'InvoiceService/v1', body: { note: BENIGN } } },
            // a body that is a string alone is sent as a JSON string, not raw
            { path: ['body'], kind: 'body', benign: BENIGN, jsonTextBody: true, within: { method: 'POST', path: 'InvoiceService/v1', body: BENIGN } }
        ]
    },
    'list-updated-records': replicationSpec(),
    'list-deleted-records': replicationSpec(),
    'run-tooling-query': {
        base: { query: 'SELECT Id FROM ApexClass' },
        legit: [P.toolingQuery, P.toolingLocator],
        responder: fixtureResponder('run-tooling-query'),
        slots: [
            text(['query'], 'readQuery', 1, 100_000, {
                benign: 'SELECT Id FROM ApexClass',
                token: 'SELECT Id FROM ApexClass',
                extra: [...READ_QUERY_TRICKS.map(([l, v]): [string, unknown, Expect] => [l, v, 'rejected']), ['DML words inside a literal (still one read)', "SELECT Id FROM ApexClass WHERE Name = 'DELETE; FOR UPDATE'", 'escaped']]
            }),
            { path: ['nextRecordsUrl'], kind: 'locator', within: {}, extra: [['a tooling locator', `${API}/tooling/query/01gRO0000016PIAYA2-2000`, 'escaped']], benign: `${API}/tooling/query/01gRO0000016PIAYA2-2000` },
            num(['batchSize'])
        ]
    }
};

const SPECS: Record<string, Spec> = {
    ...NEW_SPECS,
    'add-campaign-members': {
        base: { campaignId: IDS.campaign, members: [{ recordId: IDS.lead }] },
        legit: [P.query, P.collections, P.composite],
        responder: campaignResponder,
        slots: [
            id(['campaignId'], IDS.campaign, IDS.contact, true),
            id(['members', 0, 'recordId'], IDS.lead, IDS.account, true),
            { ...array(['members'], { recordId: IDS.lead }, 1_000), extra: [['same lead twice (15 and 18 characters)', [{ recordId: IDS.lead }, { recordId: IDS.lead.slice(0, 15) }], 'rejected']] },
            // the status must be one of the campaign's labels (compared locally); only a label it has reaches the body
            { path: ['status'], kind: 'local', min: 1, max: 40, lookup: true, benign: BENIGN, token: BENIGN },
            { path: ['members', 0, 'status'], kind: 'local', min: 1, max: 40, lookup: true, benign: BENIGN, token: BENIGN }
        ]
    },
    'close-opportunity': {
        // closeDate given (without it a userinfo call reads the user's time zone); reasonField named, which reason needs
        base: { recordId: IDS.opportunity, outcome: 'won', closeDate: '2026-06-30', reasonField: 'Description' },
        legit: [P.query, P.record('Opportunity')],
        responder: stageResponder,
        slots: [
            id(['recordId'], IDS.opportunity, IDS.account, true),
            enumOf(['outcome']),
            { path: ['stageName'], kind: 'local', min: 1, max: 255, lookup: true, benign: 'Closed Won', token: 'Closed Won' },
            bodyDate(['closeDate']),
            num(['amount'], true),
            text(['reason'], 'body', 1, 32_000),
            name(['reasonField'], [
                // fields the action sets itself (or Salesforce derives from the stage) may not receive the reason
                ['Id as reasonField', 'Id', 'rejected'],
                ['StageName as reasonField', 'StageName', 'rejected'],
                ['closedate as reasonField', 'closedate', 'rejected'],
                ['Amount as reasonField', 'Amount', 'rejected'],
                ['IsWon as reasonField', 'IsWon', 'rejected'],
                ['Probability as reasonField', 'Probability', 'rejected']
            ])
        ]
    },
    'composite-batch-request': {
        base: batchBase,
        legit: [P.batch],
        slots: [
            {
                path: ['batchRequests', 0, 'url'],
                kind: 'relativeUrl',
                benign: `v66.0/sobjects/Account/${IDS.account}`,
                extra: [['query string is data', 'v66.0/query?q=SELECT+Id+FROM+Account+WHERE+Name+%3D+%27..%2F..%27', 'escaped']],
            },
            enumOf(['batchRequests', 0, 'method']),
            array(['batchRequests'], batchBase.batchRequests[0], 25),
            {
                path: ['batchRequests', 0, 'richInput'],
                kind: 'body',
                benign: BENIGN,
                extra: [['reference in richInput', { Name: '@{r1.id}' }, 'rejected']]
            }
        ]
    },
    'composite-graph-request': {
        base: graphBase,
        legit: [P.graph],
        slots: [
            { path: ['graphs', 0, 'graphId'], kind: 'referenceId', max: 39 },
            {
                path: ['graphs', 0, 'compositeRequest', 0, 'url'],
                kind: 'absoluteUrl',
                benign: `${API}/sobjects/Account`,
                extra: [
                    ['query resource in a graph', `${API}/query?q=SELECT+Id+FROM+Account`, 'rejected'],
                    ['encoded slash traversal in an external id node', `${API}/sobjects/Account/Ext__c/..%2F..%2F..%2Flimits`, 'rejected']
                ]
            },
            { path: ['graphs', 0, 'compositeRequest', 0, 'referenceId'], kind: 'referenceId', max: 100 },
            enumOf(['graphs', 0, 'compositeRequest', 0, 'method']),
            {
                path: ['graphs', 0, 'compositeRequest', 0, 'body', 'Name'],
                kind: 'body',
                benign: BENIGN,
                extra: [['reference to unknown node', '@{nobody.id}', 'rejected']]
            },
            array(['graphs'], graphBase.graphs[0], 75)
        ]
    },
    'composite-request': {
        base: compositeBase,
        legit: [P.composite],
        slots: [
            {
                path: ['compositeRequest', 0, 'url'],
                kind: 'absoluteUrl',
                benign: `${API}/sobjects/Account/${IDS.account}`,
                extra: [['query string is data', `${API}/query?q=SELECT+Id+FROM+Account+WHERE+Name+%3D+%27..%2F..%27`, 'escaped']]
            },
            { path: ['compositeRequest', 0, 'referenceId'], kind: 'referenceId', max: 100 },
            enumOf(['compositeRequest', 0, 'method']),
            {
                path: ['compositeRequest', 0, 'httpHeaders'],
                kind: 'body',
                onlyExtra: true,
                benign: { 'If-Match': BENIGN },
                token: BENIGN,
                extra: [
                    ['hostile If-Match value', { 'If-Match': "' OR 1=1 ../limits" }, 'escaped'],
                    ['Authorization header', { Authorization: 'Bearer stolen' }, 'rejected'],
                    ['header name with CRLF', { 'X-A\r\nX-B': '1' }, 'rejected'],
                    ['header value with CRLF', { 'If-Match': 'a\r\nX-Evil: 1' }, 'rejected'],
                    ['header value not a string', { 'If-Match': 1 }, 'rejected'],
                    // subrequest headers are an allowlist, values printable ASCII
                    ['Accept header', { Accept: 'application/xml' }, 'rejected'],
                    ['header outside the allowlist', { 'X-Forwarded-For': '127.0.0.1' }, 'rejected'],
                    ['header value with U+2028', { 'If-Match': 'a\u2028X-Evil: 1' }, 'rejected'],
                    ['header value with NUL', { 'If-None-Match': 'a\u0000' }, 'rejected'],
                    ['header value with a lone LF', { 'Sforce-Auto-Assign': 'FALSE\nX-Evil: 1' }, 'rejected']
                ]
            },
            {
                // whole subrequest lists: a reference's value is substituted by Salesforce after our check, so a
                // reference in a URL must yield an id (a Name could carry "../../limits")
                path: ['compositeRequest'],
                kind: 'body',
                onlyExtra: true,
                benign: compositeBase.compositeRequest,
                extra: [
                    [
                        'second-order reference: a Name used as a record id',
                        [
                            { method: 'POST', url: `${API}/sobjects/Account`, referenceId: 'r0', body: { Name: '../../limits' } },
                            { method: 'GET', url: `${API}/sobjects/Account/@{r0.Name}`, referenceId: 'r1' }
                        ],
                        'rejected'
                    ],
                    [
                        'second-order reference in an external id value',
                        [
                            { method: 'GET', url: `${API}/sobjects/Account/${IDS.account}`, referenceId: 'r0' },
                            { method: 'PATCH', url: `${API}/sobjects/Account/Ext__c/@{r0.Description}`, referenceId: 'r1', body: { Name: 'x' } }
                        ],
                        'rejected'
                    ],
                    [
                        '.id of a read (only a create answers with id)',
                        [
                            { method: 'GET', url: `${API}/sobjects/Account/${IDS.account}`, referenceId: 'r0' },
                            { method: 'DELETE', url: `${API}/sobjects/Account/@{r0.id}`, referenceId: 'r1' }
                        ],
                        'rejected'
                    ],
                    [
                        'reference glued into a segment',
                        [
                            { method: 'POST', url: `${API}/sobjects/Account`, referenceId: 'r0', body: { Name: 'x' } },
                            { method: 'GET', url: `${API}/sobjects/Account/x@{r0.id}`, referenceId: 'r1' }
                        ],
                        'rejected'
                    ]
                ]
            },
            { path: ['compositeRequest', 0, 'body'], kind: 'body', benign: BENIGN, extra: [['reference to unknown subrequest', { AccountId: '@{nobody.id}' }, 'rejected']] },
            array(['compositeRequest'], compositeBase.compositeRequest[0], 25)
        ]
    },
    'convert-lead': {
        base: { recordId: IDS.lead, convertedStatus: 'Closed - Converted' },
        // the lead read first (converted already? record type?), its converted statuses (LeadStatus, or the UI API for a record type), then SOAP
        legit: [P.record('Lead'), P.query, P.uiApiPicklist, P.soap],
        responder: leadResponder('Closed - Converted'),
        slots: [
            id(['recordId'], IDS.lead, IDS.account, true),
            id(['accountId'], IDS.account, IDS.contact, true),
            id(['ownerId'], IDS.user, IDS.account, true),
            // checked against the converted statuses read from the org: anything else is refused before the SOAP call
            { path: ['convertedStatus'], kind: 'local', min: 1, max: 255, lookup: true, lookups: 2, benign: 'Closed - Converted', token: 'Closed - Converted' },
            text(['opportunityName'], 'xml', 1, 120),
            bool(['doNotCreateOpportunity']),
            bool(['sendNotificationEmail'])
        ]
    },
    'create-account': withIdempotency({ base: { name: 'Acme' }, legit: [P.sobject('Account')], slots: [text(['name'], 'body', 1, 255), text(['industry'], 'body', 0, 255), num(['annualRevenue'], true), keys(['customFields'], [['typed field again', { name: 'x', NAME: 'y' }, 'rejected']])] }),
    'create-contact': withIdempotency({
        base: { lastName: 'Ng' },
        legit: [P.sobject('Contact')],
        slots: [text(['lastName'], 'body', 1, 80), id(['accountId'], IDS.account, IDS.contact, false), keys(['customFields'], [['typed field again', { LastName: 'y' }, 'rejected']])]
    }),
    'create-lead': withIdempotency({ base: { lastName: 'Ng', company: 'Acme' }, legit: [P.sobject('Lead')], slots: [text(['lastName'], 'body', 1, 80), text(['status'], 'body', 0, 255), keys(['customFields'])] }),
    'create-opportunity': withIdempotency({
        base: { name: 'Deal', stageName: 'Prospecting', closeDate: '2026-12-31' },
        legit: [P.sobject('Opportunity')],
        slots: [
            text(['name'], 'body', 1, 120),
            bodyDate(['closeDate']),
            id(['accountId'], IDS.account, IDS.contact, false),
            keys(['customFields'], [
                ['derived IsWon', { IsWon: true }, 'rejected'],
                ['derived isclosed', { isclosed: true }, 'rejected']
            ])
        ]
    }),
    'create-record': withIdempotency({
        base: { sObject: 'Account', record: { Name: 'Acme' } },
        legit: [P.sobject()],
        slots: [
            name(['sObject']),
            keys(['record'], [['Id in body', { Id: IDS.account, Name: 'x' }, 'rejected']]),
            { path: ['record', 'Name'], kind: 'body', benign: BENIGN },
            {
                path: ['record', KEY_FIELD],
                kind: 'body',
                onlyExtra: true,
                within: { sObject: 'Account', record: { Name: 'Acme' }, idempotencyKey: 'key-1', idempotencyKeyField: KEY_FIELD },
                extra: [
                    ['the key field set to another value', 'key-2', 'rejected'],
                    ['the key field set to the key itself', 'key-1', 'escaped']
                ],
                benign: 'key-1'
            }
        ]
    }),
    'create-sobject-collection': {
        base: { sObject: 'Contact', records: [{ LastName: 'Ng' }] },
        legit: [P.collections, P.composite, P.query],
        slots: [
            name(['sObject']),
            keys(['records', 0]),
            { path: ['records', 0, 'LastName'], kind: 'body', benign: BENIGN },
            {
                ...array(['records'], { LastName: 'x' }, 5_000),
                extra: [['5,000 records, hostile key in the last', [...Array.from({ length: 4_999 }, () => ({ LastName: 'x' })), { 'LastName; DELETE': 'x' }], 'rejected']]
            },
            // with idempotencyKeyField every record carries its key: looked up in one IN list, then sent as given
            { ...name(['idempotencyKeyField']), within: { sObject: 'Contact', records: [{ LastName: 'Ng', [KEY_FIELD]: 'key-1' }] } },
            {
                path: ['records', 0, KEY_FIELD],
                kind: 'idempotencyKey',
                min: 1,
                max: 255,
                soqlInQuery: true,
                within: { sObject: 'Contact', idempotencyKeyField: KEY_FIELD, records: [{ LastName: 'Ng', [KEY_FIELD]: BENIGN }] }
            },
            {
                path: ['records'],
                kind: 'body',
                onlyExtra: true,
                within: { sObject: 'Contact', idempotencyKeyField: KEY_FIELD, records: [] },
                extra: [
                    ['a record without its key', [{ LastName: 'Ng', [KEY_FIELD]: 'key-1' }, { LastName: 'Ro' }], 'rejected'],
                    ['two records with the same key', [{ LastName: 'Ng', [KEY_FIELD]: 'key-1' }, { LastName: 'Ro', [KEY_FIELD]: 'key-1' }], 'rejected']
                ]
            }
        ]
    },
    'delete-account': typedDelete('Account', IDS.account, IDS.contact),
    'delete-contact': typedDelete('Contact', IDS.contact, IDS.account),
    'delete-lead': typedDelete('Lead', IDS.lead, IDS.contact),
    'delete-record': { base: { sObject: 'Account', recordId: IDS.account }, legit: [P.record()], slots: [name(['sObject']), id(['recordId'], IDS.account, IDS.contact, true)] },
    'delete-sobject-collection': {
        base: { recordIds: [IDS.account] },
        legit: [P.collections, P.composite],
        slots: [
            id(['recordIds', 0], IDS.account, IDS.contact, false),
            { ...array(['recordIds'], IDS.account, 5_000), extra: [['same id twice (15 and 18 characters)', [IDS.account, IDS.account.slice(0, 15)], 'rejected']] }
        ]
    },
    'delete-task': typedDelete('Task', IDS.task, IDS.account),
    'create-task': withIdempotency({
        base: { subject: 'Call' },
        legit: [P.sobject('Task')],
        slots: [
            text(['subject'], 'body', 1, 255),
            text(['priority'], 'body', 0, 255),
            bodyDate(['dueDate']),
            id(['whoId'], IDS.contact, IDS.account, false),
            id(['whatId'], IDS.account, IDS.user, false),
            id(['ownerId'], IDS.user, IDS.account, false),
            keys(['customFields'])
        ]
    }),
    'describe-global': {
        base: {},
        legit: [P.describeGlobal],
        slots: [text(['nameContains'], 'local', 1, 80), num(['offset']), num(['limit']), bool(['customOnly']), enumOf(['detail'])]
    },
    'describe-sobject': {
        base: { sObject: 'Account' },
        legit: [P.describe],
        slots: [name(['sObject']), name(['fieldNames', 0]), array(['fieldNames'], 'Name', 800), num(['fieldOffset']), bool(['includeChildRelationships'])]
    },
    'get-account': typedGet('Account', IDS.account, IDS.contact),
    'get-change-notifier-status': { base: {}, legit: NOTIFIER_LEGIT, responder: notifierResponder, slots: [] },
    'get-contact': typedGet('Contact', IDS.contact, IDS.account),
    'get-current-user': { base: {}, legit: [P.userInfo], slots: [] },
    'get-lead': typedGet('Lead', IDS.lead, IDS.contact),
    'get-limits': { base: { names: ['DailyApiRequests'] }, legit: [P.limits], slots: [{ path: ['names', 0], kind: 'limitName', max: 80 }, array(['names'], 'DailyApiRequests', 100)] },
    'get-opportunity': typedGet('Opportunity', IDS.opportunity, IDS.account),
    'get-quick-action-defaults': {
        base: { actionName: 'LogACall' },
        legit: [P.quickActionDefaults],
        slots: [
            {
                path: ['actionName'],
                kind: 'quickAction',
                extra: [
                    ['SOQL keyword', 'Select', 'escaped'],
                    ['keyword FROM', 'FROM', 'escaped'],
                    ['triple underscore', 'Name___c', 'escaped'],
                    ['three parts', 'Account.New.Thing', 'rejected'],
                    ['dot then traversal', 'Account...', 'rejected']
                ]
            },
            name(['sObject']),
            id(['contextId'], IDS.account, IDS.contact, false)
        ]
    },
    'get-record': {
        base: { sObject: 'Account', recordId: IDS.account },
        legit: [P.record()],
        slots: [name(['sObject']), id(['recordId'], IDS.account, IDS.contact, true), name(['fields', 0], [['relationship path (the record resource takes plain names)', 'Owner.Name', 'rejected']]), array(['fields'], 'Name', 800)]
    },
    'get-record-by-external-id': {
        base: { sObject: 'Account', externalIdField: 'Ext__c', externalId: 'E0' },
        legit: [P.byExternalId],
        slots: [
            name(['sObject']),
            name(['externalIdField']),
            text(['externalId'], 'externalId', 1, 255, { extra: [['256 characters', 'e'.repeat(256), 'rejected'], ['dot-dot with spaces', ' .. ', 'rejected']] }),
            name(['fields', 0])
        ]
    },
    'get-sobject-basic-info': { base: { sObject: 'Account' }, legit: [P.sobject()], slots: [name(['sObject'])] },
    'get-task': typedGet('Task', IDS.task, IDS.account),
    'install-change-notifier': {
        base: { objects: ['Account', 'Contact'], webhookUrl: BENIGN_WEBHOOK_URL },
        legit: NOTIFIER_LEGIT,
        responder: notifierResponder,
        slots: [
            name(['objects', 0]),
            array(['objects'], 'Account', 20),
            {
                path: ['webhookUrl'],
                kind: 'webhookUrl',
                max: 1000,
                benign: BENIGN_WEBHOOK_URL
            },
            enumOf(['orgType']),
            bool(['rotate'])
        ]
    },
    'list-accounts': {
        base: {},
        legit: [P.query],
        slots: listSlots([text(['industry'], 'soqlEq', 0, 255), text(['type'], 'soqlEq', 0, 255), text(['nameContains'], 'soqlLike', 1, 255)], 'name', IDS.account, IDS.account)
    },
    'list-available-resources': { base: {}, legit: [P.resources, P.versions], slots: [bool(['includeVersions'])] },
    'list-campaign-members': {
        base: { campaignId: IDS.campaign },
        legit: [P.query],
        slots: [
            id(['campaignId'], IDS.campaign, IDS.account, true),
            text(['modifiedSince'], 'date', 0, 0),
            enumOf(['sortBy']),
            enumOf(['sortDirection']),
            num(['limit']),
            cursor(['cursor'], null, IDS.campaignMember),
            enumOf(['type']),
            text(['status'], 'soqlEq', 1, 40),
            bool(['hasResponded']),
            id(['leadOrContactId'], IDS.lead, IDS.account, false)
        ]
    },
    'list-contacts': {
        base: {},
        legit: [P.query],
        slots: listSlots([id(['accountId'], IDS.account, IDS.contact, false), text(['email'], 'soqlEq', 0, 80), text(['nameContains'], 'soqlLike', 1, 255)], 'lastName', IDS.account, IDS.contact)
    },
    'list-leads': {
        base: {},
        legit: [P.query],
        slots: listSlots([text(['status'], 'soqlEq', 0, 255), text(['companyContains'], 'soqlLike', 1, 255), bool(['isConverted'])], 'lastName', IDS.account, IDS.lead)
    },
    'list-opportunities': {
        base: {},
        legit: [P.query],
        slots: listSlots([text(['stageName'], 'soqlEq', 0, 255), text(['nameContains'], 'soqlLike', 1, 255), date(['closeDateFrom']), date(['closeDateTo'])], 'name', IDS.account, IDS.opportunity)
    },
    'list-quick-actions': { base: { sObject: 'Account' }, legit: [P.quickActions], slots: [name(['sObject'])] },
    'list-recent-items': { base: {}, legit: [P.recent], slots: [num(['limit'])] },
    'list-tasks': {
        base: {},
        legit: [P.query],
        slots: listSlots(
            [text(['status'], 'soqlEq', 0, 255), text(['subjectContains'], 'soqlLike', 1, 255), id(['whoId'], IDS.contact, IDS.account, false), id(['whatId'], IDS.account, IDS.user, false), date(['dueDateFrom'])],
            null,
            IDS.account,
            IDS.task
        )
    },
    'parameterized-search-records': {
        base: { searchTerm: 'acme', objects: searchObjects },
        legit: [P.parameterizedSearch],
        slots: [
            text(['searchTerm'], 'soslTerm', 2, 4_000),
            name(['objects', 0, 'sObject']),
            name(['objects', 0, 'fields', 0]),
            name(['objects', 0, 'where', 0, 'field']),
            text(['objects', 0, 'where', 0, 'value'], 'soqlEq', 0, 4_000, { extra: scalarFilterValues }),
            name(['fields', 0]),
            num(['offset']),
            array(['objects'], searchObjects[0], 20)
        ]
    },
    'query-all-records': {
        base: { query: 'SELECT Id FROM Account' },
        legit: [P.queryAll],
        slots: [text(['query'], 'rawQuery', 1, 100_000, { benign: 'SELECT Id FROM Account', token: 'SELECT Id FROM Account' }), num(['batchSize'])]
    },
    'query-records': {
        base: { query: 'SELECT Id FROM Account' },
        legit: [P.query],
        slots: [text(['query'], 'rawQuery', 1, 100_000, { benign: 'SELECT Id FROM Account', token: 'SELECT Id FROM Account' }), num(['batchSize'])]
    },
    'retrieve-query-more': { base: { nextRecordsUrl: LOCATOR }, legit: [P.locator], slots: [{ path: ['nextRecordsUrl'], kind: 'locator' }, num(['batchSize'])] },
    'remove-campaign-members': {
        base: { campaignId: IDS.campaign, recordIds: [IDS.lead] },
        legit: [P.query, P.collections, P.composite],
        slots: [
            id(['campaignId'], IDS.campaign, IDS.contact, true),
            id(['recordIds', 0], IDS.lead, IDS.account, true),
            { ...array(['recordIds'], IDS.lead, 1_000), extra: [['same lead twice (15 and 18 characters)', [IDS.lead, IDS.lead.slice(0, 15)], 'rejected']] },
            id(['memberIds', 0], IDS.campaignMember, IDS.lead, true)
        ]
    },
    'search-accounts': typedSearch,
    'search-contacts': typedSearch,
    'search-records': {
        base: { searchTerm: 'acme', objects: searchObjects },
        legit: [P.search],
        slots: [
            text(['searchTerm'], 'soslTerm', 2, 4_000),
            name(['objects', 0, 'sObject']),
            name(['objects', 0, 'fields', 0], [['relationship path', 'Owner.Name', 'escaped']]),
            name(['objects', 0, 'where', 0, 'field']),
            text(['objects', 0, 'where', 0, 'value'], 'soqlEq', 0, 4_000, { extra: scalarFilterValues }),
            enumOf(['objects', 0, 'where', 0, 'operator']),
            enumOf(['in']),
            num(['limit']),
            {
                path: ['sosl'],
                kind: 'rawSosl',
                min: 1,
                max: 100_000,
                benign: 'FIND {Acme} RETURNING Account(Id)',
                token: 'FIND {Acme} RETURNING Account(Id)',
                extra: [
                    ['sosl together with searchTerm', 'FIND {x} RETURNING Account', 'rejected'],
                    ["the caller's own SOSL, sent as written", 'FIND {a} RETURNING User(Id, Email)', 'escaped']
                ]
            }
        ]
    },
    'uninstall-change-notifier': { base: {}, legit: NOTIFIER_LEGIT, responder: notifierResponder, slots: [enumOf(['orgType'])] },
    'update-account': {
        base: { recordId: IDS.account, name: 'Acme' },
        legit: [P.record('Account')],
        slots: [id(['recordId'], IDS.account, IDS.contact, true), text(['name'], 'body', 1, 255), keys(['customFields'])]
    },
    'update-contact': {
        base: { recordId: IDS.contact, lastName: 'Ng' },
        legit: [P.record('Contact')],
        slots: [id(['recordId'], IDS.contact, IDS.account, true), text(['lastName'], 'body', 1, 80), keys(['customFields'])]
    },
    'update-lead': { base: { recordId: IDS.lead, company: 'Acme' }, legit: [P.record('Lead')], slots: [id(['recordId'], IDS.lead, IDS.contact, true), text(['company'], 'body', 1, 255), keys(['customFields'])] },
    'update-opportunity': {
        base: { recordId: IDS.opportunity, name: 'Deal' },
        legit: [P.record('Opportunity')],
        slots: [id(['recordId'], IDS.opportunity, IDS.account, true), text(['name'], 'body', 1, 120), keys(['customFields'], [['derived IsWon', { IsWon: false }, 'rejected']])]
    },
    'update-record': {
        base: { sObject: 'Account', recordId: IDS.account, record: { Name: 'Acme' } },
        legit: [P.record()],
        slots: [name(['sObject']), id(['recordId'], IDS.account, IDS.contact, true), keys(['record'], [['empty record', {}, 'rejected']], false), { path: ['record', 'Name'], kind: 'body', benign: BENIGN }]
    },
    'update-record-by-external-id': {
        base: { sObject: 'Account', externalIdField: 'Ext__c', externalId: 'E0', record: { Name: 'x' } },
        legit: [P.byExternalId],
        slots: [
            name(['sObject']),
            name(['externalIdField']),
            text(['externalId'], 'externalId', 1, 255),
            keys(['record'], [['external-id field in body', { ext__C: 'other' }, 'rejected']], false)
        ]
    },
    'update-sobject-collection': {
        base: { sObject: 'Account', records: [{ recordId: IDS.account, record: { Name: 'Acme' } }] },
        legit: [P.collections, P.composite],
        slots: [
            name(['sObject']),
            id(['records', 0, 'recordId'], IDS.account, IDS.contact, true),
            keys(['records', 0, 'record'], undefined, false),
            { path: ['records', 0, 'record', 'Name'], kind: 'body', benign: BENIGN },
            array(['records'], { recordId: IDS.account, record: { Name: 'x' } }, 5_000)
        ]
    },
    'update-task': { base: { recordId: IDS.task, subject: 'Call' }, legit: [P.record('Task')], slots: [id(['recordId'], IDS.task, IDS.account, true), text(['subject'], 'body', 1, 255), keys(['customFields'])] },
    'upsert-record': {
        base: { sObject: 'Account', externalIdField: 'Ext__c', externalId: 'E0', record: { Name: 'x' } },
        legit: [P.byExternalId],
        slots: [name(['sObject']), name(['externalIdField']), text(['externalId'], 'externalId', 1, 255), keys(['record'])]
    },
    'upsert-sobject-collection': {
        base: { sObject: 'Account', externalIdField: 'Ext__c', records: [{ Ext__c: 'E0', Name: 'x' }] },
        legit: [P.collectionsUpsert, P.composite],
        slots: [
            name(['sObject']),
            name(['externalIdField']),
            text(['records', 0, 'Ext__c'], 'externalIdBody', 1, 255, { extra: [['number for string', 42, 'escaped']] }),
            keys(['records', 0], undefined, false),
            { ...array(['records'], { Ext__c: 'E', Name: 'x' }, 5_000), extra: [['same external id twice', [{ Ext__c: 'E1' }, { Ext__c: 'E1' }], 'rejected']] }
        ]
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Case generation

interface Case {
    action: string;
    slot: Slot;
    slotIndex: number;
    label: string;
    value: unknown;
    expect: Expect;
    bug?: string;
    /** The input this one must behave exactly like (a key the schema drops). */
    mirror?: unknown;
}

function isString(v: unknown): v is string {
    return typeof v === 'string';
}

/** The value, percent-encoded as a query parameter, leaves room for the path within Salesforce's 16,384-byte URI limit. */
function fitsInUri(v: string): boolean {
    try {
        return encodeURIComponent(v).length <= 16_384 - 64;
    } catch {
        return false;
    }
}

function withinLength(slot: Slot, v: string): boolean {
    return v.length >= (slot.min ?? 0) && v.length <= (slot.max ?? Number.MAX_SAFE_INTEGER);
}

/** What a value of this kind must lead to, by the rules of the kind (not by what the lib does). */
function expectationFor(slot: Slot, v: unknown): Expect {
    switch (slot.kind) {
        case 'recordId':
            return v === slot.wrongPrefix && !slot.prefixChecked ? 'escaped' : 'rejected';
        case 'externalId':
            // a / or \\ in a path segment would be a traversal for a server that decodes %2F before resolving dot-segments
            return isString(v) && withinLength(slot, v) && !['.', '..'].includes(v.trim()) && !/[\u0000-\u001f\u007f]/.test(v) && !/[/\\]/.test(v) ? 'escaped' : 'rejected';
        case 'externalIdBody':
            return isString(v) && withinLength(slot, v) && !['.', '..'].includes(v.trim()) && !/[\u0000-\u001f\u007f]/.test(v) ? 'escaped' : 'rejected';
        case 'limitName':
            return isString(v) && /^[A-Za-z][A-Za-z0-9]*$/.test(v) && withinLength(slot, v) ? 'escaped' : 'rejected';
        case 'referenceId':
        case 'quickAction':
            return slot.kind === 'referenceId' && isString(v) && /^[A-Za-z0-9][A-Za-z0-9_]*$/.test(v) && withinLength(slot, v) ? 'escaped' : 'rejected';
        case 'soqlEq':
        case 'soqlLike':
            return isString(v) && withinLength(slot, v) && !soqlRefuses(v) ? 'escaped' : 'rejected';
        case 'soslTerm': {
            if (!isString(v) || !withinLength(slot, v)) return 'rejected';
            const t = v.trim();
            return t.length >= 2 && t.length <= 4_000 && !/[\u0000-\u001f\u007f]/.test(t) ? 'escaped' : 'rejected';
        }
        case 'xml':
        case 'local':
            return isString(v) && withinLength(slot, v) ? 'escaped' : 'rejected';
        case 'rawQuery':
            // sent as GET ?q=: beyond Salesforce's 16,384-byte URI limit (REST API Developer Guide, Limits) it is refused before sending
            return isString(v) && withinLength(slot, v) && v.trim().length > 0 && fitsInUri(v) ? 'escaped' : 'rejected';
        case 'rawSosl':
            return isString(v) && withinLength(slot, v) && /^\s*FIND\s*\{/i.test(v) ? 'escaped' : 'rejected';
        case 'body':
            return isString(v) && withinLength(slot, v) ? 'escaped' : slot.min === undefined && v !== undefined && !isString(v) ? 'escaped' : 'rejected';
        case 'webhookUrl':
            return webhookUrlExpectation(slot, v);
        case 'csvValue':
            return isString(v) && withinLength(slot, v) ? 'escaped' : 'rejected';
        case 'plainText':
            return isString(v) && withinLength(slot, v) && isPlainLine(v) ? 'escaped' : 'rejected';
        case 'fileName':
            return isString(v) && withinLength(slot, v) && isPlainLine(v) && !/[/\\<>:"|?*]/.test(v) && !/^\.+$/.test(v) && !v.endsWith('.') ? 'escaped' : 'rejected';
        case 'readQuery':
            return isString(v) && fitsInUri(v) && /^\s*SELECT\s/i.test(v) && !v.includes(';') ? 'escaped' : 'rejected';
        case 'idempotencyKey':
            return isString(v) && withinLength(slot, v) && !['.', '..'].includes(v.trim()) && !/[\u0000-\u001f\u007f]/.test(v) ? 'escaped' : 'rejected';
        default:
            return 'rejected';
    }
}

/**
 * A webhook URL is taken as written or refused: absolute, https (http only to the loopback host, e.g. the local
 * emulator: anywhere else the shared secret in every POST would travel in clear), a host and no user information
 * before it, no fragment (not even an empty one), no control character (which a URL parser would drop or encode,
 * changing the URL, even its host), at most `max` characters. Node's WHATWG URL parser stands in for Salesforce's.
 */
function webhookUrlExpectation(slot: Slot, v: unknown): Expect {
    if (!isString(v) || v.length === 0 || !withinLength(slot, v) || /[\u0000-\u001f\u007f#]/.test(v)) return 'rejected';
    const parts = /^(https?):\/\/([^/?\\]*)/i.exec(v);
    const authority = parts?.[2] ?? '';
    if (!parts || authority === '' || authority.includes('@')) return 'rejected';
    let url: URL;
    try {
        url = new URL(v);
    } catch {
        return 'rejected';
    }
    if (parts[1]?.toLowerCase() === 'http' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return 'rejected';
    return 'escaped';
}

/** One line of visible text: not blank, no edge spaces, no control, line-separator, bidi or zero-width character, no lone surrogate. */
function isPlainLine(v: string): boolean {
    return v.length > 0 && v.trim() === v && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(v) && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
}

function valuesFor(slot: Slot): Named[] {
    if (slot.onlyExtra) return [];
    switch (slot.kind) {
        case 'name':
        case 'referenceId':
        case 'quickAction':
        case 'limitName':
            return [...PATH_TRICKS, ...NAME_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE];
        case 'recordId':
            return idTricks(slot.valid ?? '', slot.wrongPrefix ?? '');
        case 'externalId':
        case 'externalIdBody':
        case 'xml':
        case 'body':
        case 'local':
        case 'rawQuery':
        case 'rawSosl':
        case 'plainText':
        case 'fileName':
        case 'pattern':
        case 'readQuery':
        case 'idempotencyKey':
            return [...PATH_TRICKS, ...LITERAL_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE];
        case 'csvValue':
            // non-strings are extras: a number or boolean is its text, null is #N/A, an object a parent-reference column
            return [...PATH_TRICKS, ...LITERAL_TRICKS, ...EMPTY_AND_HUGE];
        case 'soqlEq':
        case 'soqlLike':
            return [...LITERAL_TRICKS, ...PATH_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE, ['256 characters', 'q'.repeat(256)]];
        case 'soslTerm':
            return [...LITERAL_TRICKS, ...SOSL_TRICKS, ...PATH_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE, ['201 characters', 's'.repeat(201)]];
        case 'locator':
            return LOCATOR_TRICKS;
        case 'webhookUrl':
            return [...WEBHOOK_URL_TRICKS, ...PATH_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE];
        case 'date':
            return DATE_TRICKS;
        case 'number':
            return NUMBER_TRICKS.filter(([label]) => !(slot.fraction && label === 'fraction'));
        case 'boolean':
            return BOOLEAN_TRICKS;
        case 'enum':
            return [['lower-cased value', 'get'], ['SOQL in enum', "ASC; DELETE"], ['unknown value', 'evil'], ...WRONG_TYPES, ...EMPTY_AND_HUGE];
        case 'absoluteUrl':
            return absoluteUrlTricks();
        case 'relativeUrl':
            return relativeUrlTricks();
        case 'recordKeys':
            return [
                ...[...PATH_TRICKS, ...NAME_TRICKS].filter(([, key]) => key !== '__proto__').map(([label, key]): Named => [`key ${label}`, { [String(key)]: 'x' }]),
                ['1,001 fields', Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`F${i}__c`, i]))],
                ['array for object', ['x']],
                ['string for object', 'Name=x'],
                ['null for object', null]
            ];
        case 'array':
            return [
                ['10,000 elements', Array.from({ length: 10_000 }, () => slot.element)],
                [`${(slot.max ?? 0) + 1} elements`, Array.from({ length: (slot.max ?? 0) + 1 }, () => slot.element)],
                ['object for array', { 0: slot.element }],
                ['string for array', 'x'],
                ['empty array', []]
            ];
        case 'cursor':
            return cursorValues(slot);
    }
}

function cursorValues(slot: Slot): Named[] {
    const validId = slot.valid ?? '';
    const sort = typeof slot.element === 'string' ? slot.element : 'lastModifiedDate';
    const c = (...parts: unknown[]): string => JSON.stringify(parts);
    const rejected: Named[] = [
        ['not JSON', 'not a cursor'],
        ['three parts', c(sort, 'ASC', 'x')],
        ['SOQL in direction', c(sort, 'ASC; DELETE FROM Account', 'x', validId)],
        ['SOQL in sort name', c('Name) OR (Id != null', 'ASC', 'x', validId)],
        ['SOQL in id', c(sort, 'ASC', 'x', "' OR 1=1")],
        ['traversal in id', c(sort, 'ASC', 'x', `${validId}/../limits`)],
        ['id of another object', c(sort, 'ASC', 'x', validId.startsWith('001') ? IDS.contact : IDS.account)],
        ['SOQL in date value', c('lastModifiedDate', 'DESC', "2024-01-01T00:00:00Z' OR 1=1", validId)],
        ['__proto__ sort', c('__proto__', 'ASC', 'x', validId)],
        ['constructor sort', c('constructor', 'ASC', 'x', validId)],
        ['501-character value', c(sort, 'ASC', 'v'.repeat(501), validId)],
        ['number value', c(sort, 'ASC', 42, validId)],
        ['1,001-character cursor', 'c'.repeat(1_001)],
        ...PATH_TRICKS,
        ...WRONG_TYPES
    ];
    if (typeof slot.element !== 'string') return rejected;
    return [...rejected, ...LITERAL_TRICKS.map(([label, v]): Named => [`text value ${label}`, c(sort, 'ASC', v, validId)])];
}

function cursorExpectation(slot: Slot, v: unknown): Expect {
    if (typeof slot.element !== 'string' || !isString(v) || v.length > 1_000) return 'rejected';
    try {
        const parsed = JSON.parse(v) as unknown;
        if (Array.isArray(parsed) && parsed.length === 4 && parsed[0] === slot.element && parsed[1] === 'ASC' && parsed[3] === slot.valid && isString(parsed[2])) {
            return !soqlRefuses(parsed[2]) && parsed[2].length <= 500 ? 'escaped' : 'rejected';
        }
    } catch {
        return 'rejected';
    }
    return 'rejected';
}

function buildCases(): Case[] {
    const cases: Case[] = [];
    for (const [action, spec] of Object.entries(SPECS)) {
        spec.slots.forEach((slot, slotIndex) => {
            const seen = new Set<string>();
            const push = (label: string, value: unknown, expect: Expect) => {
                if (seen.has(label)) return;
                seen.add(label);
                const bug = (slot.bugs && Object.hasOwn(slot.bugs, label) ? slot.bugs[label] : undefined) ;
                cases.push({ action, slot, slotIndex, label, value, expect, ...(bug ? { bug } : {}) });
            };
            if (slot.kind === 'array' && slot.emptyMeansOmitted) {
                // an optional list given empty asks for nothing: exactly as if it were left out
                seen.add('empty array');
                cases.push({ action, slot, slotIndex, label: 'empty array', value: [], expect: 'escaped', mirror: OMIT });
            }
            for (const [label, value, expect] of slot.extra ?? []) push(label, value, expect);
            for (const [label, value] of valuesFor(slot)) {
                push(label, value, slot.kind === 'cursor' ? cursorExpectation(slot, value) : expectationFor(slot, value));
            }
            if (slot.kind === 'recordKeys') {
                // zod drops a "__proto__" key: the action must behave exactly as without it (refused when the record is then empty)
                const label = 'key __proto__ (dropped by the schema)';
                cases.push({ action, slot, slotIndex, label, value: JSON.parse('{"__proto__": {"Name": "polluted"}}'), expect: slot.emptyOk ? 'escaped' : 'rejected', mirror: {} });
            }
        });
        // the input as a whole
        cases.push({ action, slot: { path: [], kind: 'body' }, slotIndex: -1, label: 'input is a string', value: 'x', expect: 'rejected' });
        cases.push({ action, slot: { path: [], kind: 'body' }, slotIndex: -1, label: 'input is an array', value: [spec.base], expect: 'rejected' });
    }
    return cases;
}

/** A mirror value meaning "the input without this key". */
const OMIT = Symbol('omit');

function setAt(base: unknown, path: Path, value: unknown): unknown {
    if (path.length === 0) return value;
    const root = structuredClone(base) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = root;
    path.slice(0, -1).forEach((key, i) => {
        if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
            node[key] = typeof path[i + 1] === 'number' ? [] : {};
        }
        node = node[key] as Record<string | number, unknown>;
    });
    const last = path[path.length - 1] as string | number;
    if (value === OMIT) delete node[last];
    else node[last] = value;
    // search-records: a raw sosl replaces searchTerm/objects
    return root;
}

function inputFor(c: Case): unknown {
    const spec = SPECS[c.action] as Spec;
    if (c.slotIndex < 0) return c.value;
    let base: unknown = c.slot.within ?? spec.base;
    if (c.action === 'search-records' && c.slot.kind === 'rawSosl') {
        base = c.label === 'sosl together with searchTerm' ? spec.base : {};
    }
    return setAt(base, c.slot.path, c.value);
}

// ---------------------------------------------------------------------------------------------------------------
// Classification

const actionCache = new Map<string, Promise<ActionModule>>();
function action(name: string): Promise<ActionModule> {
    let loaded = actionCache.get(name);
    if (!loaded) {
        loaded = loadAction(name);
        actionCache.set(name, loaded);
    }
    return loaded;
}

const baselineCache = new Map<string, Promise<RunResult>>();
function baseline(c: Case): Promise<RunResult> {
    const key = `${c.action}#${c.slotIndex}`;
    let run = baselineCache.get(key);
    if (!run) {
        const spec = SPECS[c.action] as Spec;
        const benign = c.slot.benign ?? BENIGN;
        let base: unknown = c.slot.within ?? spec.base;
        if (c.slot.kind === 'rawSosl') base = {};
        run = action(c.action).then((a) => runAction(a, setAt(base, c.slot.path, benign), spec.responder));
        baselineCache.set(key, run);
    }
    return run;
}

/** An endpoint that is a plain path of this host: no scheme, host, query, fragment, dot-segment or odd character. */
function pathIsSafe(endpoint: string): boolean {
    if (!endpoint.startsWith('/services/') || /[?#\\\s\u0000-\u001f\u007f]/.test(endpoint) || endpoint.includes('//')) return false;
    return endpoint.split('/').every((segment) => {
        let decoded: string;
        try {
            decoded = decodeURIComponent(segment);
        } catch {
            return false;
        }
        return decoded !== '.' && decoded !== '..' && !/^\.\.?[/\\]|[/\\]\.\.?$|[/\\]\.\.?[/\\]/.test(decoded);
    });
}

/** A composite subrequest URL that cannot leave its resource, even after decoding. */
function subrequestUrlIsSafe(url: unknown): boolean {
    if (typeof url !== 'string') return false;
    const [pathPart = ''] = url.split('?');
    if (/[#\\\s\u0000-\u001f\u007f]/.test(url) || pathPart.includes('//') || /^[a-z]+:/i.test(url)) return false;
    return pathPart.split('/').every((segment) => {
        let decoded: string;
        try {
            decoded = decodeURIComponent(segment);
        } catch {
            return false;
        }
        return decoded !== '.' && decoded !== '..' && !/[/\\]/.test(decoded);
    });
}

function subrequestUrls(data: unknown): unknown[] {
    const d = (data ?? {}) as Record<string, unknown>;
    const urls: unknown[] = [];
    for (const sub of (d['compositeRequest'] as Array<Record<string, unknown>> | undefined) ?? []) urls.push(sub['url']);
    for (const sub of (d['batchRequests'] as Array<Record<string, unknown>> | undefined) ?? []) urls.push(sub['url']);
    for (const graph of (d['graphs'] as Array<Record<string, unknown>> | undefined) ?? []) {
        for (const sub of (graph['compositeRequest'] as Array<Record<string, unknown>> | undefined) ?? []) urls.push(sub['url']);
    }
    return urls;
}

/** What the request does, whatever the values: the statement skeletons and the XML element structure. */
function shape(req: SentRequest): unknown {
    const q = req.params?.['q'];
    const data = req.data as Record<string, unknown> | string | undefined;
    return {
        method: req.method,
        q: q === undefined ? null : req.endpoint.endsWith('/search') ? soslSkeleton(q) : soqlSkeleton(q),
        where:
            data && typeof data === 'object' && Array.isArray(data['sobjects'])
                ? (data['sobjects'] as Array<Record<string, unknown>>).map((o) => (typeof o['where'] === 'string' ? soqlSkeleton(o['where']) : null))
                : null,
        xml: typeof data === 'string' ? (data.match(/<[^>]*>/g) ?? []).join('') : null
    };
}

function classify(c: Case, spec: Spec, run: RunResult, base: RunResult | undefined): { outcome: Outcome; why: string } {
    if (run.bypass > 0) return { outcome: 'leaked', why: 'a request went around nango.proxy' };
    if (run.sent.length === 0) {
        return run.payload?.type === 'invalid_input'
            ? { outcome: 'rejected', why: '' }
            : { outcome: 'unexpected', why: `no request and no invalid_input error: ${String(run.error ?? 'success')}` };
    }
    for (const req of run.sent) {
        if (!spec.legit.some((r) => r.test(req.endpoint))) return { outcome: 'leaked', why: `request to ${JSON.stringify(req.endpoint)}, not a path of this action` };
        if (!pathIsSafe(req.endpoint)) return { outcome: 'leaked', why: `unsafe endpoint ${JSON.stringify(req.endpoint)}` };
        for (const url of subrequestUrls(req.data)) {
            if (!subrequestUrlIsSafe(url)) return { outcome: 'leaked', why: `subrequest url ${JSON.stringify(url)} can leave its resource` };
        }
    }
    if (c.expect === 'rejected') {
        return { outcome: 'leaked', why: `${run.sent.length} request(s) sent for an input that had to be refused (${run.payload?.type ?? 'no error'})` };
    }
    // names change the statement by design (they are validated, not escaped); raw statements are the caller's own
    if (base && !['rawQuery', 'rawSosl', 'readQuery', 'name'].includes(c.slot.kind)) {
        for (const [i, req] of run.sent.entries()) {
            const benign = base.sent[i];
            if (benign && JSON.stringify(shape(req)) !== JSON.stringify(shape(benign))) {
                return { outcome: 'leaked', why: `request ${i} changed shape: ${JSON.stringify(shape(req))} vs ${JSON.stringify(shape(benign))}` };
            }
        }
    }
    if (run.payload?.type === 'invalid_input' && !c.slot.lookup) {
        return { outcome: 'leaked', why: 'refused as invalid_input only after a request' };
    }
    if (run.error && !c.slot.lookup) return { outcome: 'unexpected', why: `failed: ${String(run.error)}` };
    return { outcome: 'escaped', why: '' };
}

/** The escaped form a value must take in the requests, by slot kind. */
function encodeFor(c: Case): string {
    const v = c.slot.kind === 'cursor' ? ((JSON.parse(String(c.value)) as unknown[])[2] as string) : (c.value as string);
    switch (c.slot.kind) {
        case 'soqlEq':
        case 'cursor':
            return refSoqlString(v);
        case 'soqlLike':
            return refSoqlLike(v);
        case 'soslTerm':
            return refSoslTerm(v);
        case 'xml':
            return refXml(v);
        case 'externalId':
            return encodeURIComponent(v);
        case 'externalIdBody':
            return v;
        case 'csvValue':
            if (c.slot.csvOneColumn && c.value === '') return '""';
            return refCsvField(typeof c.value === 'string' ? v : c.value === null ? '#N/A' : String(c.value));
        default:
            return v;
    }
}

const inner = (s: string): string => JSON.stringify(s).slice(1, -1);

/** A CSV field as RFC 4180 writes it, quoted only when it must be (a quote, comma, line break, or a space at an edge). */
function refCsvField(value: string): string {
    return /[",\r\n]|^ | $/.test(value) ? `"${value.split('"').join('""')}"` : value;
}

/** The benign requests with the benign value replaced by the expected escaped form of the hostile one. */
function expectedRequests(c: Case, base: RunResult): unknown {
    if (c.slot.jsonTextBody) {
        // swap inside the parsed body, then write it as JSON text again, as the action sends it
        const parsed = base.sent.map((r) => (typeof r.data === 'string' ? { ...r, data: JSON.parse(r.data) as unknown } : r));
        const expected = expectedRequests({ ...c, slot: { ...c.slot, jsonTextBody: false } }, { ...base, sent: parsed }) as Array<Record<string, unknown>>;
        return expected.map((r, i) => (typeof base.sent[i]?.data === 'string' ? { ...r, data: JSON.stringify(r['data']) } : r));
    }
    const token = c.slot.token ?? (typeof c.slot.benign === 'string' ? c.slot.benign : BENIGN);
    const swap = (x: unknown, to: string): unknown => JSON.parse(JSON.stringify(x).split(inner(token)).join(inner(to)));
    if (c.slot.soqlInQuery && typeof c.value === 'string') {
        const value = c.value;
        return base.sent.map(({ params, ...rest }) => ({ ...(swap(rest, value) as object), ...(params ? { params: swap(params, refSoqlString(value)) } : {}) }));
    }
    if (c.slot.kind === 'csvValue') return swap(base.sent, encodeFor(c));
    if (typeof c.value !== 'string' && c.slot.kind !== 'cursor') {
        if (c.slot.kind === 'soqlEq') {
            // a number, boolean or null filter value: the quoted benign literal becomes the bare literal
            return JSON.parse(JSON.stringify(base.sent).split(inner(`'${token}'`)).join(inner(String(c.value))));
        }
        // a non-string body value: the benign JSON value becomes the hostile JSON value
        return JSON.parse(JSON.stringify(base.sent).split(JSON.stringify(c.slot.benign ?? token)).join(JSON.stringify(c.value)));
    }
    return JSON.parse(JSON.stringify(base.sent).split(inner(token)).join(inner(encodeFor(c))));
}

// ---------------------------------------------------------------------------------------------------------------
// The suite

const CASES = buildCases();
const outcomes: Array<{ c: Case; outcome: Outcome }> = [];

describe('hostile input: every action has a table entry', () => {
    it('lists every action in salesforce/actions/', () => {
        const missing = actionNames().filter((n) => !(n in SPECS));
        const stale = Object.keys(SPECS).filter((n) => !actionNames().includes(n));
        expect(missing, 'actions without a hostile-input table entry').toEqual([]);
        expect(stale, 'table entries without an action').toEqual([]);
    });
});

for (const actionName of actionNames()) {
    describe(`hostile input: ${actionName}`, () => {
        it('baseline with benign values succeeds', async () => {
            const spec = SPECS[actionName];
            expect(spec, `no hostile-input table entry for ${actionName}`).toBeDefined();
            if (!spec) return;
            const run = await runAction(await action(actionName), spec.base, spec.responder);
            expect(run.error, String(run.error)).toBeUndefined();
            expect(run.sent.length).toBeGreaterThan(0);
        });
        const cases = CASES.filter((x) => x.action === actionName);
        const slots = [...new Set(cases.map((c) => c.slotIndex))];
        for (const slotIndex of slots) {
            const ok = cases.filter((c) => c.slotIndex === slotIndex && !c.bug);
            const first = ok[0];
            if (first) {
                const where = first.slot.path.join('.') || 'input';
                // one test per input: every value tried, every mismatch listed
                it(`${where}: ${ok.length} hostile values (${ok.filter((c) => c.expect === 'rejected').length} to reject, ${ok.filter((c) => c.expect === 'escaped').length} to escape)`, async () => {
                    const problems: string[] = [];
                    for (const c of ok) {
                        try {
                            await checkCase(c);
                        } catch (error) {
                            problems.push(`${c.label} (${c.expect}): ${error instanceof Error ? (process.env['HOSTILE_DEBUG'] ? debugText(error) : error.message.split('\n')[0]) : String(error)}`);
                        }
                    }
                    expect(problems).toEqual([]);
                });
            }
            for (const c of cases.filter((x) => x.slotIndex === slotIndex && x.bug)) {
                // BUG: see the `bugs` note of this input in SPECS (repeated in the test title)
                it.fails(`${c.slot.path.join('.')} ← ${c.label}: ${c.expect} [BUG] ${c.bug}`, () => checkCase(c));
            }
        }
    });
}

/** HOSTILE_DEBUG=1 shows what a failed comparison saw: the values, not only vitest's abbreviated message. */
function debugText(error: Error): string {
    const { actual, expected } = error as Error & { actual?: unknown; expected?: unknown };
    return `${error.message.split('\n')[0]}\n  actual:   ${JSON.stringify(actual)?.slice(0, 3_000)}\n  expected: ${JSON.stringify(expected)?.slice(0, 3_000)}`;
}

/** Runs one case, records its outcome, and asserts it. */
async function checkCase(c: Case): Promise<void> {
    const spec = SPECS[c.action] as Spec;
    const run = await runAction(await action(c.action), inputFor(c), spec.responder);
    const base = c.expect === 'escaped' && c.mirror === undefined ? await baseline(c) : undefined;
    const { outcome, why } = classify(c, spec, run, base);
    outcomes.push({ c, outcome });
    expect(outcome, why).not.toBe('leaked');
    expect(outcome, why || `expected ${c.expect}`).toBe(c.expect);
    if (outcome === 'rejected') {
        expect(run.payload?.type).toBe('invalid_input');
        expect(run.payload?.['status']).toBeNull();
    }
    if (outcome === 'escaped' && c.mirror !== undefined) {
        const same = await runAction(await action(c.action), setAt(c.slot.within ?? spec.base, c.slot.path, c.mirror), spec.responder);
        expect(run.sent).toEqual(same.sent);
        expect(JSON.stringify(run.sent)).not.toContain('polluted');
    } else if (outcome === 'escaped' && base && c.slot.kind === 'webhookUrl') {
        expect(base.error, `baseline failed: ${String(base.error)}`).toBeUndefined();
        expectWebhookUrlCarried(c, run, base);
    } else if (outcome === 'escaped' && base) {
        expect(base.error, `baseline failed: ${String(base.error)}`).toBeUndefined();
        if (c.slot.lookup) {
            // the value is compared with the org's stages locally: only the stage query goes out, unchanged
            expect(run.sent).toEqual(base.sent.slice(0, c.slot.lookups ?? 1));
        } else {
            expect(run.sent).toEqual(expectedRequests(c, base));
        }
    }
}

/**
 * webhookUrl: the URL travels in two places, its origin as the Remote Site Setting's url in the upsertMetadata
 * envelope (XML-escaped by refXml) and the whole URL as the WEBHOOK_URL Apex literal of the settings class in the
 * deployed .zip (escaped by refApexString). Every request equals the benign one with exactly those replaced, every
 * file of the package equals the benign one but for that literal (the fresh random secret masked in both).
 */
function expectWebhookUrlCarried(c: Case, run: RunResult, base: RunResult): void {
    const benign = new URL(String(c.slot.benign));
    const hostile = new URL(String(c.value));
    const zipOf = (req: SentRequest | undefined): string | undefined => /<met:ZipFile>([^<]*)<\/met:ZipFile>/.exec(typeof req?.data === 'string' ? req.data : '')?.[1];
    const files = (zip: string): Record<string, string> =>
        Object.fromEntries([...readZip(zip)].map(([file, text]) => [file, text.replace(/SECRET = '[0-9a-f]{64}';/, "SECRET = '<secret>';")]));
    const remoteSiteUrl = (u: URL): string => inner(`<met:url>${refXml(u.origin)}</met:url>`);
    expect(run.sent.length, 'as many requests as with the benign URL').toBe(base.sent.length);
    let packages = 0;
    base.sent.forEach((benignReq, i) => {
        const req = run.sent[i] as SentRequest;
        const benignZip = zipOf(benignReq);
        if (benignZip === undefined) {
            expect(req).toEqual(JSON.parse(JSON.stringify(benignReq).split(remoteSiteUrl(benign)).join(remoteSiteUrl(hostile))));
            return;
        }
        packages++;
        const zip = zipOf(req) ?? '';
        expect({ ...req, data: String(req.data).replace(zip, '<zip>') }, 'the deploy envelope around the package').toEqual({ ...benignReq, data: String(benignReq.data).replace(benignZip, '<zip>') });
        const expected = Object.fromEntries(Object.entries(files(benignZip)).map(([file, text]) => [file, text.split(refApexString(benign.href)).join(refApexString(hostile.href))]));
        const actual = files(zip);
        expect(actual).toEqual(expected);
        expect(Object.keys(actual).filter((file) => actual[file]?.includes(`WEBHOOK_URL = ${refApexString(hostile.href)};`))).toEqual(['classes/NangoChangeNotifierSettings.cls']);
    });
    expect(packages, 'one deployment package').toBe(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Hand-written exact examples (the generic checks above already compare every request exactly)

describe('hostile input: exact escaped requests, spelled out', () => {
    it("list-accounts: industry O'Brien arrives as 'O\\'Brien' with one WHERE and no added clause", async () => {
        const run = await runAction(await action('list-accounts'), { industry: "O'Brien" });
        expect(run.sent).toHaveLength(1);
        const req = run.sent[0] as SentRequest;
        expect(req.endpoint).toBe(`${API}/query`);
        const q = req.params?.['q'] ?? '';
        expect(q).toMatch(/^SELECT Id, Name, .* FROM Account WHERE Industry = 'O\\'Brien' ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51$/);
        expect(occurrences(q, ' WHERE ')).toBe(1);
        expect(occurrences(q, ' OR ')).toBe(0);
    });

    it("list-accounts: ' OR Name != ' stays inside the literal", async () => {
        const run = await runAction(await action('list-accounts'), { type: "' OR Name != '" });
        const q = run.sent[0]?.params?.['q'] ?? '';
        expect(q).toContain(" WHERE Type = '\\' OR Name != \\'' ORDER BY ");
        expect(soqlSkeleton(q)).toContain(' WHERE Type = ? ORDER BY ');
    });

    it("list-contacts: \\' OR 1=1 doubles the backslash and escapes the quote", async () => {
        const run = await runAction(await action('list-contacts'), { email: "\\' OR 1=1" });
        const q = run.sent[0]?.params?.['q'] ?? '';
        expect(q).toContain(" WHERE Email = '\\\\\\' OR 1=1' ORDER BY ");
    });

    it('list-contacts: \\u0027 is sent as text, its backslash escaped', async () => {
        const run = await runAction(await action('list-contacts'), { email: '\\u0027 OR 1=1' });
        expect(run.sent[0]?.params?.['q']).toContain(" WHERE Email = '\\\\u0027 OR 1=1' ORDER BY ");
    });

    it('list-accounts: % and _ in nameContains are escaped inside the LIKE pattern', async () => {
        const run = await runAction(await action('list-accounts'), { nameContains: '50%_off' });
        expect(run.sent[0]?.params?.['q']).toContain(" WHERE Name LIKE '%50\\%\\_off%' ORDER BY ");
    });

    it('search-accounts: } RETURNING User(Id) stays inside FIND {…}', async () => {
        const run = await runAction(await action('search-accounts'), { text: '} RETURNING User(Id)' });
        const q = run.sent[0]?.params?.['q'] ?? '';
        expect(q.startsWith('FIND {\\} RETURNING User\\(Id\\)} IN ALL FIELDS RETURNING Account(')).toBe(true);
        expect(occurrences(soslSkeleton(q), 'RETURNING')).toBe(1);
        expect(q).not.toContain('User(Id)');
    });

    it('search-records: a filter value on a returned object is escaped inside the SOSL WHERE', async () => {
        const run = await runAction(await action('search-records'), { searchTerm: 'acme', objects: [{ sObject: 'Account', where: [{ field: 'Name', operator: 'CONTAINS', value: "x') OR (Id != null" }] }] });
        expect(run.sent[0]?.params?.['q']).toBe("FIND {acme} IN ALL FIELDS RETURNING Account(WHERE Name LIKE '%x\\') OR (Id != null%')");
    });

    it('get-record-by-external-id: ?, # and % in an external id are percent-encoded into one path segment; / is refused', async () => {
        const run = await runAction(await action('get-record-by-external-id'), { sObject: 'Account', externalIdField: 'Ext__c', externalId: 'INV-2024?x=1#y%2e' });
        expect(run.sent).toEqual([{ method: 'GET', endpoint: `${API}/sobjects/Account/Ext__c/INV-2024%3Fx%3D1%23y%252e` }]);
        const slash = await runAction(await action('get-record-by-external-id'), { sObject: 'Account', externalIdField: 'Ext__c', externalId: 'INV/2024' });
        expect(slash.sent).toEqual([]);
        expect(slash.payload?.type).toBe('invalid_input');
    });

    it('convert-lead: markup in convertedStatus is XML-escaped in the SOAP envelope', async () => {
        const markup = '</urn:convertedStatus><urn:ownerId>005</urn:ownerId>&';
        // a status the org really has (the responder lists it), so that it reaches the envelope
        const run = await runAction(await action('convert-lead'), { recordId: IDS.lead, convertedStatus: markup }, leadResponder(markup));
        const xml = String(run.sent.find((r) => String(r.endpoint).includes('/Soap/'))?.data ?? '');
        expect(xml).toContain('<urn:convertedStatus>&lt;/urn:convertedStatus&gt;&lt;urn:ownerId&gt;005&lt;/urn:ownerId&gt;&amp;</urn:convertedStatus>');
        expect(occurrences(xml, '<urn:ownerId>')).toBe(0);
    });

    it('list-accounts: a hostile text cursor value is escaped in both halves of the keyset condition', async () => {
        const cursor = JSON.stringify(['name', 'ASC', "O'Brien", IDS.account]);
        const run = await runAction(await action('list-accounts'), { cursor });
        expect(run.sent[0]?.params?.['q']).toContain(` WHERE (Name > 'O\\'Brien') OR ((Name = 'O\\'Brien') AND (Id > '${IDS.account}')) ORDER BY Name ASC, Id ASC LIMIT 51`);
    });

    it('close-opportunity: an invalid_input after the stage query does not claim that no request was sent', async () => {
        const run = await runAction(await action('close-opportunity'), { recordId: IDS.opportunity, outcome: 'won', stageName: 'No such stage' }, stageResponder);
        expect(run.sent).toHaveLength(1);
        expect(run.payload?.type).toBe('invalid_input');
        expect(String(run.payload?.message)).not.toContain('No request was sent');
    });
});

describe('hostile input: summary', () => {
    it('prints the summary line and finds no leak beyond the known bugs', () => {
        const tried = outcomes.length;
        const count = (o: Outcome) => outcomes.filter((x) => x.outcome === o).length;
        const leaked = count('leaked');
        const leakedKnown = outcomes.filter((x) => x.outcome === 'leaked' && x.c.bug).length;
        console.log(`hostile-input: ${tried} inputs tried, ${count('rejected')} rejected, ${count('escaped')} escaped, ${leaked} leaked`);
        expect(tried).toBe(CASES.length);
        expect(count('unexpected')).toBe(0);
        expect(leaked - leakedKnown, 'leaks that are not known bugs').toBe(0);
    });

    it('leaked === 0', () => {
        expect(outcomes.filter((x) => x.outcome === 'leaked').length).toBe(0);
    });
});

