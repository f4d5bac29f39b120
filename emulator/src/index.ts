/**
 * Local Salesforce org emulator + the Nango API calls the `nango` CLI makes, on one port.
 *
 *   const emu = await startEmulator({ seed: 1, volume: { Account: 500 } });
 *   // NANGO_HOSTPORT=emu.url, NANGO_SECRET_KEY_DEV=anything, connection id = emu.connectionId
 *   await emu.stop();
 */
import { Org } from './org/store.js';
import { LEAN_OBJECTS, seedOrg } from './org/seed.js';
import { QueryEngine } from './soql/engine.js';
import { createServer, listen, newStats, resetStats, snapshotStats, type ServerState, type Stats } from './server.js';
import type { DeployedFunction } from './deploy.js';
import { Faults, type FaultsApi } from './faults.js';
import { ApexState, BULK_RESULTS_LIFETIME_MS, BulkState, type ApexComponent, type BulkJobFault, type OrgType, type ReceivedWebhook, type RemoteSite, type SentNotification } from './state.js';
import { ChangeNotifier, notifierSettings } from './notifier.js';
import { invocableHandle } from './routes/actions.js';
import { NangoRuntime } from './nango-runtime.js';
import type { LeadStatusDef, OpportunityStageDef } from './org/schema.js';
import type { FieldSecurityChange, OrgTraits } from './org/security.js';
import type { LeadProcessDef } from './org/lead-processes.js';

export type { Stats, LogEntry } from './server.js';
export type { DeployedFunction } from './deploy.js';
export type { Fault, FaultMatch, FaultRule, FaultHandle, FaultsApi, FiredFault } from './faults.js';
export type { BulkStats, BulkJobFault, BulkJobOutcome, NotifierSettings, ReceivedWebhook, SentNotification } from './state.js';
export type { ApexComponent, OrgType, RemoteSite } from './state.js';
export type { SentEmail, Invocation } from './routes/actions.js';
export type { FeedPost } from './routes/chatter.js';
export { CALLOUT_TIMEOUT_MS, NOTIFICATION_CHUNK } from './notifier.js';
export { Org } from './org/store.js';
export type { ChangeObserver, LateCommitOptions, LongTransaction, LongWriteOptions, RecordChange } from './org/store.js';
export type { Rec, Value } from './org/values.js';
export { checksum, to18, isWellFormedId } from './org/ids.js';
export { LEAN_OBJECTS, SEEDED_OBJECTS } from './org/seed.js';
export type { LeadStatusDef, OpportunityStageDef, CurrencyDef } from './org/schema.js';
export { OPPORTUNITY_STAGES, LEAD_STATUS_DEFS, QUEUE_OWNABLE, CURRENCY_OBJECTS, CURRENCIES, ACCOUNT_TRACKED_FIELDS } from './org/schema.js';
export type { OrgTraits, FieldSecurityChange } from './org/security.js';
export { DEFAULT_HIDDEN_FIELDS, DEFAULT_TRAITS, resolveTraits } from './org/security.js';

export interface EmulatorOptions {
    /** Port to listen on; 0 (default) picks a free one. */
    port?: number;
    /** Interface to bind; default 127.0.0.1. */
    host?: string;
    /** Seed of the deterministic data generator (default 1). */
    seed?: number;
    /** Records per seeded object (default 25), or per object: `{ Account: 500, default: 10 }`. */
    volume?: number | Partial<Record<string, number>>;
    /** Default /query batch size when the request has no Sforce-Query-Options (default 2000; may be below 200 for tests). */
    pageSize?: number;
    /** Daily API allocation reported in Sforce-Limit-Info; once used up, requests get 403 REQUEST_LIMIT_EXCEEDED (default 100000). */
    apiBudget?: number;
    /** Nango connection id (default 'salesforce-emulator'). */
    connectionId?: string;
    /** Connection metadata returned by GET /connection/:id. */
    metadata?: Record<string, unknown>;
    /** Salesforce access token the connection carries (default 'emulator-access-token'). */
    accessToken?: string;
    /** Base delay of the proxy's retry backoff in ms (default 200; use 1 in tests). */
    proxyRetryBaseMs?: number;
    /** Clock used for record timestamps and date literals (default Date.now). */
    clock?: () => number;
    /** Knowledge enabled (KnowledgeArticleVersion / Knowledge__kav); false → queries on them answer 400 INVALID_TYPE. Default true. */
    knowledge?: boolean;
    /** Per object, how many seeded records (oldest first) share one SystemModstamp, e.g. `{ Contact: 5000 }`. */
    tiedModstamps?: Partial<Record<string, number>>;
    /** OpportunityStage rows replacing the standard ones (e.g. custom closed stage names). */
    opportunityStages?: OpportunityStageDef[];
    /** LeadStatus rows replacing the standard ones. */
    leadStatuses?: LeadStatusDef[];
    /** Lead record types, each with its lead process's statuses (adds Lead.RecordTypeId; org/lead-processes.ts). */
    leadProcesses?: LeadProcessDef[];
    /** Bulk API 2.0: status polls (GET /jobs/query/{id}) that still report InProgress before JobComplete (default 1; 0 = the first poll completes). */
    bulkPollsToComplete?: number;
    /** Bulk API 2.0: rows per results page when the request has no maxRecords (default 50000). */
    bulkMaxRecords?: number;
    /**
     * How production-like the org is (defaults: DEFAULT_TRAITS): the API user's field-level security
     * (`hiddenFields`, default DEFAULT_HIDDEN_FIELDS; `[]` turns it off; `readOnlyFields`), queue-owned Leads and
     * Cases (`queueOwners`, default true), multi-currency (`multiCurrency`, default false), State and Country/Territory
     * Picklists (`stateCountryPicklists`).
     */
    traits?: Partial<OrgTraits>;
    /**
     * A REST query (/query, /queryAll, first page) whose WHERE selects more than this many rows of its object (counted
     * before LIMIT) answers 400 QUERY_TIMEOUT "Your query request was running for too long.", as a query over too
     * much of a large object does in Salesforce; narrowing the SystemModstamp window makes it pass. Default: never.
     */
    queryTimeoutRows?: number;
    /**
     * Every Salesforce response leaves this many ms after its request arrived (default 0; more when the emulator's own
     * work takes longer), as a real org's round trip does (a 2,000-record query page takes about a second to arrive
     * from a real org): the bench measures how well a sync overlaps waiting with work. The emulator's work counts inside
     * the round trip, as a real org works on its own servers while the client waits. The Nango side (proxy, records,
     * deploy) is not delayed.
     */
    latencyMs?: number;
    /** How many seeded Tasks are archived (IsArchived: only queryAll and Bulk queryAll return them). Default 0. */
    archivedTasks?: number;
    /**
     * Volume tests: seed these objects (Account, Contact; `true`: both) with a minimal field set by a faster generator
     * — Account: Name; Contact: FirstName, LastName, Email, AccountId; both owner and audit fields — e.g.
     * `{ volume: { Contact: 1_000_000, default: 10 }, lean: ['Contact'] }` (1M Contacts: about 2x faster to seed and a
     * third less memory than a full seed). Values differ from a full seed's.
     */
    lean?: boolean | string[];
    /** Bulk API 2.0: a job in a terminal state older than this (ms, emulator clock) is deleted → 404 NOT_FOUND (default 7 days, as Salesforce). */
    bulkResultsLifetimeMs?: number;
    /** Bulk API 2.0: objects whose query jobs are refused with 400 INVALIDENTITY "Entity 'X' is not supported by the Bulk API." (default none). */
    bulkUnsupportedObjects?: string[];
    /** Get Updated / Get Deleted: more ids than this in one window → 400 EXCEEDED_ID_LIMIT (default 600,000, as Salesforce). */
    replicationIdLimit?: number;
    /** Get Deleted: a start before earliestDateAvailable answers 400 INVALID_REPLICATION_DATE instead of 200 (default false). */
    replicationPurgedStartFails?: boolean;
    /**
     * What kind of org it is (default 'production'): Organization.IsSandbox / OrganizationType, and the Metadata API
     * deploy rules — production refuses NoTestRun and Apex below 75% coverage; sandbox and developer orgs do not.
     */
    orgType?: OrgType;
}

export interface EmulatorHandle {
    /** http://127.0.0.1:port — both NANGO_HOSTPORT and the Salesforce instance_url. */
    url: string;
    port: number;
    accessToken: string;
    connectionId: string;
    /**
     * The in-memory org: list/get/insert/update/delete/setSystemModstamp…; for issue 12 also lateCommit /
     * beginLongTransaction / commitLongTransaction (writes that commit late), archive (Task.IsArchived),
     * purgeDeleteLog (Get Deleted's earliestDateAvailable moves up).
     */
    org: Org;
    /** Counters since start or the last resetStats(). */
    stats(): Stats;
    resetStats(): void;
    setMetadata(metadata: Record<string, unknown>): void;
    /** Functions received by the last successful `nango deploy` (legacy createSync/createAction route). */
    deployed(): DeployedFunction[];
    /** Sets the api-usage counter reported in Sforce-Limit-Info (e.g. to test the budget). */
    setApiUsage(used: number): void;
    /** Changes the daily API allocation (Sforce-Limit-Info max, /limits DailyApiRequests.Max). */
    setApiBudget(max: number): void;
    /** Fault injection on the Salesforce side (also over HTTP: POST/GET/DELETE /__emulator/faults). */
    faults: FaultsApi;
    /** Bulk API 2.0 knobs, changeable per test. */
    bulk: {
        setPollsToComplete(n: number): void;
        setDefaultMaxRecords(n: number): void;
        /**
         * The next `fault.jobs` (default 1) jobs created end `Failed` (with errorMessage), `Aborted`, or vanish
         * (`NotFound`: status and results answer 404 NOT_FOUND) after `afterPolls` requests naming them (default 0).
         */
        injectJobFault(fault: BulkJobFault): void;
        /** Jobs in a terminal state older than this (ms since createdDate, emulator clock) are deleted: 404 NOT_FOUND. */
        setResultsLifetimeMs(ms: number): void;
        /** Objects refused with 400 INVALIDENTITY at job creation (replaces the list). */
        setUnsupportedObjects(names: string[]): void;
    };
    /**
     * The real-time change notifier (issue 13) as the Apex it installs behaves: after every committed write on one of
     * `objects` (REST, collections, composite, or in-process org writes), the org POSTs one envelope per object, change
     * kind and 200 records to `url`, after the write's response. The deploy endpoints install it the same way.
     */
    notifier: {
        install(settings: { objects: string[]; url: string; secret: string; connectionId?: string }): void;
        uninstall(): void;
        status(): { installed: boolean; objects: string[]; url: string | null; connectionId: string | null };
        /** Every POST made, oldest first (the envelope, when its unit of work committed, when it was POSTed, the answer). */
        sent(): SentNotification[];
        /** Resolves once everything committed so far has been POSTed and answered. */
        idle(): Promise<void>;
    };
    /** Apex and Metadata API state of the org (the change notifier's deployments), changeable per test. */
    apex: {
        setOrgType(type: OrgType): void;
        /** Makes a test method fail when a deployment runs it (`NangoChangeNotifierTest.someMethod`), with this message. */
        failTest(method: string, message: string): void;
        clearFailingTests(): void;
        /** Status checks that still report a deployment InProgress (default 0). */
        setChecksToComplete(n: number): void;
        classes(): ApexComponent[];
        triggers(): ApexComponent[];
        remoteSites(): RemoteSite[];
    };
    /** The Nango side's webhook inbox: bodies POSTed to /webhook/{environment}/{integration} (also GET /__emulator/webhooks). */
    webhooks: {
        received(): ReceivedWebhook[];
        clear(): void;
    };
    /**
     * Invocable actions and Chatter (routes/actions.ts, routes/chatter.ts): the emails emailSimple accepted (none is
     * delivered), every invocation, the feed items posted (Connect API or chatterPost) with the users they notified,
     * and the daily email limits (SingleEmail 15, DailyWorkflowEmails 1,950 by default; /limits shows their use).
     */
    invocable: ReturnType<typeof invocableHandle>;
    /** The QUERY_TIMEOUT threshold (rows a REST query's WHERE may select); undefined turns it off. */
    setQueryTimeoutRows(rows: number | undefined): void;
    /** The delay of every Salesforce response, in ms (0 turns it off). */
    setLatencyMs(ms: number): void;
    /** Replication (Get Updated / Get Deleted) knobs. */
    replication: { setIdLimit(n: number): void; setPurgedStartFails(fails: boolean): void };
    /**
     * Changes the API user's field-level security mid-test: each list given replaces the current one (grant a field by
     * leaving it out of hiddenFields). Throws on an unknown or non-permissionable field. Also over HTTP:
     * GET/PUT /__emulator/field-security.
     */
    setFieldSecurity(change: FieldSecurityChange): void;
    /** The API user's current field-level security. */
    fieldSecurity(): { hiddenFields: string[]; readOnlyFields: string[] };
    stop(): Promise<void>;
}

/** The objects of the `lean` option, checked against LEAN_OBJECTS. */
function leanObjects(lean: true | string[]): string[] {
    if (lean === true) return [...LEAN_OBJECTS];
    const known = new Map<string, string>(LEAN_OBJECTS.map((o) => [o.toLowerCase(), o]));
    return lean.map((name) => {
        const o = known.get(name.toLowerCase());
        if (!o) throw new Error(`lean: ${name} has no lean generator (known: ${LEAN_OBJECTS.join(', ')})`);
        return o;
    });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
    const host = options.host ?? '127.0.0.1';
    const clock = options.clock ?? (() => Date.now());
    const org = new Org({
        clock,
        now: new Date(clock()),
        ...(options.knowledge !== undefined ? { knowledge: options.knowledge } : {}),
        ...(options.opportunityStages ? { opportunityStages: options.opportunityStages } : {}),
        ...(options.leadStatuses ? { leadStatuses: options.leadStatuses } : {}),
        ...(options.leadProcesses ? { leadProcesses: options.leadProcesses } : {}),
        ...(options.traits ? { traits: options.traits } : {})
    });
    seedOrg(org, {
        seed: options.seed ?? 1,
        volume: options.volume ?? 25,
        now: clock(),
        ...(options.tiedModstamps ? { tiedModstamps: options.tiedModstamps } : {}),
        ...(options.archivedTasks !== undefined ? { archivedTasks: options.archivedTasks } : {}),
        ...(options.lean ? { lean: leanObjects(options.lean) } : {})
    });
    const bulk = new BulkState(options.bulkPollsToComplete ?? 1, options.bulkMaxRecords ?? 50_000, options.bulkResultsLifetimeMs ?? BULK_RESULTS_LIFETIME_MS);
    const setUnsupported = (names: string[]): void => {
        bulk.unsupportedObjects = new Set(names.map((n) => (org.schema.get(n)?.name ?? n).toLowerCase()));
    };
    setUnsupported(options.bulkUnsupportedObjects ?? []);
    const accessToken = options.accessToken ?? 'emulator-access-token';
    const connectionId = options.connectionId ?? 'salesforce-emulator';
    let baseUrl = '';
    const state: ServerState = {
        sf: {
            org,
            engine: new QueryEngine(org),
            accessToken,
            baseUrl: () => baseUrl,
            pageSize: options.pageSize ?? 2000,
            apiBudget: options.apiBudget ?? 100_000,
            apiUsage: 0,
            bulk,
            queryTimeoutRows: options.queryTimeoutRows,
            latencyMs: options.latencyMs ?? 0,
            replication: { idLimit: options.replicationIdLimit ?? 600_000, purgedStartFails: options.replicationPurgedStartFails ?? false },
            notifications: [],
            apex: new ApexState(options.orgType ?? 'production')
        },
        faults: new Faults(),
        nango: {
            connectionId,
            accessToken,
            metadata: options.metadata ?? {},
            instanceUrl: () => baseUrl,
            createdAt: new Date(clock()).toISOString(),
            retryBaseMs: options.proxyRetryBaseMs ?? 200,
            deployed: new Map(),
            deployedBundles: new Map(),
            deployments: 0,
            proxyRetries: 0,
            runtime: undefined as unknown as NangoRuntime
        },
        stats: newStats(),
        webhooks: []
    };
    state.nango.runtime = new NangoRuntime({ connectionId, baseUrl: () => baseUrl, deployed: state.nango.deployed, retryBaseMs: state.nango.retryBaseMs });
    const notifier = new ChangeNotifier(state.sf);
    org.observeChanges(notifier);
    const server = createServer(() => state);
    server.keepAliveTimeout = 5_000;
    const port = await listen(server, options.port ?? 0, host);
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return {
        url: baseUrl,
        port,
        accessToken,
        connectionId,
        org,
        stats: () => snapshotStats(state),
        resetStats: () => resetStats(state),
        setMetadata: (m) => {
            state.nango.metadata = m;
        },
        deployed: () => [...state.nango.deployed.values()],
        setApiUsage: (used) => {
            state.sf.apiUsage = used;
        },
        setApiBudget: (max) => {
            state.sf.apiBudget = max;
        },
        faults: state.faults,
        setFieldSecurity: (change) => {
            org.schema.setFieldSecurity(change, new Date(clock()));
        },
        fieldSecurity: () => ({ hiddenFields: org.schema.fieldSecurity.hiddenFields, readOnlyFields: org.schema.fieldSecurity.readOnlyFields }),
        bulk: {
            setPollsToComplete: (n) => {
                state.sf.bulk.pollsToComplete = n;
            },
            setDefaultMaxRecords: (n) => {
                state.sf.bulk.defaultMaxRecords = n;
            },
            injectJobFault: (fault) => {
                state.sf.bulk.injectJobFault(fault);
            },
            setResultsLifetimeMs: (ms) => {
                state.sf.bulk.resultsLifetimeMs = ms;
            },
            setUnsupportedObjects: setUnsupported
        },
        notifier: {
            install: (settings) => {
                state.sf.notifier = notifierSettings(state.sf, { ...settings, connectionId: settings.connectionId ?? connectionId });
            },
            uninstall: () => {
                state.sf.notifier = undefined;
            },
            status: () => {
                const n = state.sf.notifier;
                return { installed: n !== undefined, objects: n ? [...n.objects] : [], url: n?.url ?? null, connectionId: n?.connectionId ?? null };
            },
            sent: () => [...state.sf.notifications],
            idle: () => notifier.idle()
        },
        apex: {
            setOrgType: (type) => {
                state.sf.apex.orgType = type;
            },
            failTest: (method, message) => {
                state.sf.apex.failingTests.set(method, message);
            },
            clearFailingTests: () => {
                state.sf.apex.failingTests.clear();
            },
            setChecksToComplete: (n) => {
                state.sf.apex.checksToComplete = n;
            },
            classes: () => [...state.sf.apex.classes.values()],
            triggers: () => [...state.sf.apex.triggers.values()],
            remoteSites: () => [...state.sf.apex.remoteSites.values()]
        },
        webhooks: {
            received: () => [...state.webhooks],
            clear: () => {
                state.webhooks.length = 0;
            }
        },
        invocable: invocableHandle(state.sf),
        setQueryTimeoutRows: (rows) => {
            state.sf.queryTimeoutRows = rows;
        },
        setLatencyMs: (ms) => {
            state.sf.latencyMs = ms;
        },
        replication: {
            setIdLimit: (n) => {
                state.sf.replication.idLimit = n;
            },
            setPurgedStartFails: (fails) => {
                state.sf.replication.purgedStartFails = fails;
            }
        },
        stop: () =>
            new Promise<void>((resolve, reject) => {
                server.close((err) => (err ? reject(err) : resolve()));
                server.closeAllConnections();
            })
    };
}
