/**
 * The state the HTTP server, the Salesforce router and its route modules share. It lives here, not in the router, so
 * no route module imports the router that imports it (routes → state ← router, no circle).
 */
import type { Faults } from './faults.js';
import type { NangoState } from './nango.js';
import type { Org } from './org/store.js';
import type { QueryEngine } from './soql/engine.js';
import type { QueryPlan } from './soql/plan.js';
import type { Value } from './org/values.js';

export interface LogEntry {
    method: string;
    path: string;
    status: number;
    bytes: number;
    /** 'salesforce' for the REST API, 'nango' for the Nango shim. */
    kind: 'salesforce' | 'nango';
    endpoint: string;
    ms: number;
    /** Id of the injected fault that answered (or dropped) this call. */
    fault?: string;
}

// ---------------------------------------------------------------------------------------------- Bulk API 2.0

export interface BulkStats {
    jobsCreated: number;
    jobsCompleted: number;
    jobsFailed: number;
    jobsAborted: number;
    jobsDeleted: number;
    /** Jobs that vanished: expired (older than the results lifetime) or removed by an injected `NotFound` fault. */
    jobsExpired: number;
    /** GET …/results calls answered with CSV. */
    resultPages: number;
    /** Rows sent in those pages. */
    resultRecords: number;
}

export type BulkJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/**
 * How an injected fault ends a job: `Failed` (state Failed with an errorMessage, as Salesforce's own query processing
 * failures end), `Aborted` (state Aborted, as when someone else aborts it), `NotFound` (the job is gone: its status and
 * results answer 404 NOT_FOUND, as after deletion or expiry).
 */
export type BulkJobOutcome = 'Failed' | 'Aborted' | 'NotFound';

export interface BulkJobFault {
    outcome: BulkJobOutcome;
    /**
     * Requests naming the job (status polls, and for `NotFound` also results pages) served normally before the fault
     * strikes; default 0: the first one meets it.
     */
    afterPolls?: number;
    /** errorMessage of a `Failed` job (default: the "Unexpected exception encountered in query processing…" Salesforce gives). */
    errorMessage?: string;
    /** How many of the next jobs created get this fault (default 1). */
    jobs?: number;
}

export interface BulkJob {
    id: string;
    operation: 'query' | 'queryAll';
    object: string;
    createdById: string;
    createdDate: number;
    systemModstamp: number;
    state: BulkJobState;
    apiVersion: string;
    lineEnding: 'LF' | 'CRLF';
    columnDelimiter: string;
    numberRecordsProcessed: number;
    totalProcessingTime: number;
    errorMessage?: string;
    polls: number;
    plan?: QueryPlan;
    /** Reason the job will fail on its first poll (a query feature Bulk refuses while processing). */
    failure?: string;
    /** An injected fault, and how many requests naming the job have been served so far. */
    fault?: Required<Omit<BulkJobFault, 'jobs'>>;
    touches: number;
    header?: string;
    /**
     * The result set as it was when the job completed: each row's values in column order, with the columns' types.
     * Pages are rendered to CSV when they are asked for, so the emulator's work spreads over the result requests (as a
     * real org streams results) instead of one long pause on the poll that completes the job.
     */
    rows?: Value[][];
    columnTypes?: string[];
}

/** Seven days: "Results lifespan. Jobs that are older than 7 days are deleted if they are in a terminal state" (Bulk API 2.0 Limits and Allocations). */
export const BULK_RESULTS_LIFETIME_MS = 7 * 86_400_000;

/** Salesforce's errorMessage when its own query processing fails (recorded by a connector: "Unexpected exception encountered in query processing…"). */
export const BULK_UNEXPECTED_FAILURE = 'Unexpected exception encountered in query processing. Please contact support with the following id: 326566388-63578 (-436445966)';

export class BulkState {
    readonly jobs = new Map<string, BulkJob>();
    stats: BulkStats = BulkState.zero();
    /** Faults waiting for the next jobs created, oldest first. */
    readonly pendingFaults: Array<Required<BulkJobFault>> = [];
    /** Objects whose query jobs are refused (400 INVALIDENTITY "Entity 'X' is not supported by the Bulk API."). */
    unsupportedObjects = new Set<string>();

    constructor(
        /** Status polls that still see a job InProgress before it reports JobComplete. */
        public pollsToComplete = 1,
        /** Rows per results page when the request has no maxRecords. */
        public defaultMaxRecords = 50_000,
        /** A job in a terminal state older than this (by the emulator's clock, from its createdDate) is deleted. */
        public resultsLifetimeMs = BULK_RESULTS_LIFETIME_MS
    ) {}

    /** Queues a fault for the next `fault.jobs` jobs created (validated). */
    injectJobFault(fault: BulkJobFault): void {
        if (!['Failed', 'Aborted', 'NotFound'].includes(fault.outcome)) throw new TypeError('outcome must be Failed, Aborted or NotFound');
        const afterPolls = fault.afterPolls ?? 0;
        const jobs = fault.jobs ?? 1;
        if (!Number.isInteger(afterPolls) || afterPolls < 0) throw new TypeError('afterPolls must be an integer ≥ 0');
        if (!Number.isInteger(jobs) || jobs < 1) throw new TypeError('jobs must be an integer ≥ 1');
        this.pendingFaults.push({ outcome: fault.outcome, afterPolls, errorMessage: fault.errorMessage ?? BULK_UNEXPECTED_FAILURE, jobs });
    }

    static zero(): BulkStats {
        return { jobsCreated: 0, jobsCompleted: 0, jobsFailed: 0, jobsAborted: 0, jobsDeleted: 0, jobsExpired: 0, resultPages: 0, resultRecords: 0 };
    }

    resetStats(): void {
        this.stats = BulkState.zero();
    }
}

// ---------------------------------------------------------------------------------------------- Apex and Metadata API (change notifier)

/** production refuses NoTestRun and Apex below 75% coverage; sandbox and developer orgs do not. */
export type OrgType = 'production' | 'sandbox' | 'developer';

/** A deployed Apex class or trigger (Tooling API ApexClass / ApexTrigger). */
export interface ApexComponent {
    id: string;
    name: string;
    body: string;
    apiVersion: number;
    status: 'Active' | 'Inactive';
    /** Triggers: the object as the schema spells it. */
    object?: string;
    createdDate: number;
    lastModifiedDate: number;
}

/** Metadata API RemoteSiteSetting: Apex callouts may only reach the URLs of active ones. */
export interface RemoteSite {
    fullName: string;
    url: string;
    description: string;
    isActive: boolean;
    disableProtocolSecurity: boolean;
}

/** A Metadata API deployment: the DeployResult XML it ends with, and how many status checks it has answered. */
export interface DeployJob {
    id: string;
    createdDate: number;
    checks: number;
    /** The finished DeployResult's inner XML (every field but done/status, which the check adds). */
    resultXml: (done: boolean) => string;
}

export class ApexState {
    /** By lower-case name. */
    readonly classes = new Map<string, ApexComponent>();
    readonly triggers = new Map<string, ApexComponent>();
    /** By lower-case fullName. */
    readonly remoteSites = new Map<string, RemoteSite>();
    readonly deploys = new Map<string, DeployJob>();
    /** Test methods that fail when run, `Class.method` → the failure message (Salesforce's test runner is not emulated). */
    readonly failingTests = new Map<string, string>();
    /** The notifier settings the last deployment installed (see apex/deploy.ts refreshNotifier). */
    deployedNotifier: NotifierSettings | undefined;
    constructor(
        public orgType: OrgType = 'production',
        /** Status checks that still see a deployment InProgress before it reports its outcome (0: the first check does). */
        public checksToComplete = 0
    ) {}
}

// ---------------------------------------------------------------------------------------------- Salesforce side

/** Knobs of the replication resources (sObject Get Updated / Get Deleted). */
export interface ReplicationSettings {
    /** More ids than this in one window → 400 EXCEEDED_ID_LIMIT (Salesforce: 600,000). */
    idLimit: number;
    /**
     * A Get Deleted window starting before earliestDateAvailable (the delete log was purged past it) answers 400
     * INVALID_REPLICATION_DATE instead of a 200 whose earliestDateAvailable tells (default false).
     */
    purgedStartFails: boolean;
}

// ---------------------------------------------------------------------------------------------- change notifier

/**
 * The change notifier installed in the org (issue 13): Apex triggers on `objects` that POST each committed change to
 * `url` (the integration's Nango webhook URL). Set by the deploy endpoints that install it (or EmulatorHandle.notifier
 * for tests), cleared on uninstall.
 */
export interface NotifierSettings {
    /** Object API names as the schema spells them. */
    objects: Set<string>;
    url: string;
    secret: string;
    /** The Nango connection id the envelopes name (nango.connectionId). */
    connectionId: string;
}

/** One POST the notifier made. */
export interface SentNotification {
    url: string;
    /** The envelope, as sent. */
    body: Record<string, unknown>;
    /** When the unit of work whose changes it carries committed (wall clock, epoch ms). */
    committedAt: number;
    /** When the POST started (wall clock, epoch ms). */
    postedAt: number;
    /** How long the POST took, in ms. */
    ms: number;
    /** The answer's HTTP status; null when none came (the error says why). */
    status: number | null;
    error?: string;
}

/** A body the Nango side received at POST /webhook/{environment}/{integration}. */
export interface ReceivedWebhook {
    /** Wall clock, epoch ms. */
    receivedAt: number;
    environment: string;
    integration: string;
    /** The parsed JSON body, or the raw text when it is not JSON. */
    body: unknown;
    /** The connection the body names (nango.connectionId) is this emulator's. */
    connectionMatched: boolean;
}

export interface SalesforceState {
    org: Org;
    engine: QueryEngine;
    accessToken: string;
    baseUrl: () => string;
    pageSize: number;
    apiBudget: number;
    apiUsage: number;
    /** Bulk API 2.0 query jobs. */
    bulk: BulkState;
    /** A REST query whose WHERE selects more rows than this answers 400 QUERY_TIMEOUT (undefined: never). */
    queryTimeoutRows?: number | undefined;
    /** Round trip of every Salesforce response, in ms, the emulator's own work included (0: no delay), for the bench. */
    latencyMs: number;
    replication: ReplicationSettings;
    /** Set while a composite request with allOrNone=true runs: collection subrequests become allOrNone too. */
    forceAllOrNone?: boolean | undefined;
    /** The change notifier, when installed (see NotifierSettings). */
    notifier?: NotifierSettings | undefined;
    /** Every POST the change notifier made, oldest first. */
    notifications: SentNotification[];
    /** Apex classes, triggers, Remote Site Settings and deployments (Metadata API, Tooling API). */
    apex: ApexState;
}

export interface ServerState {
    sf: SalesforceState;
    nango: NangoState;
    faults: Faults;
    /** Bodies POSTed to the Nango webhook URL, oldest first. */
    webhooks: ReceivedWebhook[];
    stats: { calls: number; byEndpoint: Record<string, number>; bytesOut: number; log: LogEntry[]; nango: Record<string, number> };
}
