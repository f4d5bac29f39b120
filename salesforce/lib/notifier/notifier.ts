/**
 * notifier/: the Salesforce half of real-time change triggers — Apex triggers that POST a hint to Nango's webhook
 * URL after each change (see salesforce/apex/ and the notifier contract), installed, inspected and removed by the
 * install-change-notifier, get-change-notifier-status and uninstall-change-notifier actions.
 *
 * Deployments go through the Metadata API's deploy() with testLevel RunSpecifiedTests, not the Apex API's
 * compileAndTest(): on a production org compileAndTest ignores its RunTestsRequest and runs every test of the org,
 * all of which must pass ("CompileAndTestRequest", SOAP API Developer Guide) — one failing test of the customer's
 * own blocks the install, and a synchronous call that runs a large org's tests can outlast any request. deploy()
 * with RunSpecifiedTests runs only the notifier's test class, and requires 75% coverage of each class and trigger it
 * deploys ("Running a Subset of Tests in a Deployment", Metadata API Developer Guide); it is asynchronous, so the
 * actions poll checkDeployStatus().
 */
import type { NangoAction } from 'nango';

import { DATA_PATH, request, type NangoClient } from '../http/api.js';
import { InputError, actionError, type SalesforceError, type SalesforceErrorPayload } from '../http/errors.js';
import { assertSObjectName, printable } from '../input/names.js';
import { buildSoql, like } from '../soql/builder.js';
import { queryFirstPage } from '../http/pager.js';
import { checkDeployStatus, type DeployProblem, type DeployStatus } from './metadata-api.js';
import { CLASS_NAMES, TRIGGER_PREFIX, triggerName, type NotifiedObject } from './package.js';

export const MAX_OBJECTS = 20;
/** Connection metadata key of the contract: { secret, objects, installedAt, webhookUrl }. */
export const NOTIFIER_KEY = 'changeNotifier';
/** Connection metadata key of the last deployment (ours): { id, operation, startedAt, status, problems, pending? }. */
export const DEPLOY_KEY = 'changeNotifierDeploy';
/** The metadata uninstall writes: an empty secret means "not installed", and every webhook is refused. */
export const UNINSTALLED = { secret: '', objects: [] as string[], installedAt: '', webhookUrl: '' };

export type OrgType = 'production' | 'sandbox' | 'developer';
export type NotifierAction = Pick<NangoAction, 'proxy' | 'ActionError' | 'log' | 'getConnection' | 'getMetadata' | 'updateMetadata'>;

export interface NotifierMetadata {
    secret: string;
    objects: string[];
    installedAt: string;
    webhookUrl: string;
}

export interface DeployRecord {
    id: string;
    operation: 'install' | 'uninstall';
    startedAt: string;
    status: string;
    completedAt: string | null;
    problems: DeployProblem[];
    /** While an install's deployment has not finished: what changeNotifier becomes when it succeeds. */
    pending?: NotifierMetadata;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The notifier's keys of the connection metadata, read leniently (anything malformed counts as absent). */
export async function readNotifierMetadata(nango: Pick<NangoAction, 'getMetadata'>): Promise<{ notifier: NotifierMetadata | null; deploy: DeployRecord | null }> {
    const raw = ((await nango.getMetadata()) ?? {}) as Record<string, unknown>;
    const n = raw[NOTIFIER_KEY] as Record<string, unknown> | undefined;
    const notifier =
        n && isString(n['secret']) && Array.isArray(n['objects']) && isString(n['installedAt']) && isString(n['webhookUrl'])
            ? { secret: n['secret'], objects: n['objects'].filter(isString), installedAt: n['installedAt'], webhookUrl: n['webhookUrl'] }
            : null;
    const d = raw[DEPLOY_KEY] as Record<string, unknown> | undefined;
    const deploy = d && isString(d['id']) && /^[a-zA-Z0-9]{15,18}$/.test(d['id']) ? (d as unknown as DeployRecord) : null;
    return { notifier, deploy };
}

export async function writeMetadata(nango: Pick<NangoAction, 'updateMetadata'>, values: { notifier?: NotifierMetadata; deploy?: DeployRecord }): Promise<void> {
    const update: Record<string, unknown> = {};
    if (values.notifier) update[NOTIFIER_KEY] = values.notifier;
    if (values.deploy) update[DEPLOY_KEY] = values.deploy;
    await nango.updateMetadata(update as never);
}

/** The connection's OAuth access token, which the SOAP APIs take as their session id. */
export async function sessionIdOf(nango: Pick<NangoAction, 'getConnection'>): Promise<string> {
    const connection = (await nango.getConnection()) as { credentials?: { access_token?: unknown } };
    const token = connection.credentials?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
        throw new Error('The Salesforce connection has no OAuth access token to open the SOAP session with.');
    }
    return token;
}

/** Production, sandbox or Developer Edition, from the Organization record (one query). */
export async function detectOrgType(nango: NangoClient): Promise<OrgType> {
    const soql = buildSoql({ select: ['IsSandbox', 'OrganizationType'], from: 'Organization', limit: 1 });
    const page = await queryFirstPage(nango, soql, { context: 'read the org type' });
    const org = page.records[0] ?? {};
    if (org['IsSandbox'] === true) return 'sandbox';
    if (org['OrganizationType'] === 'Developer Edition') return 'developer';
    return 'production';
}

/**
 * Checks each object against the org's describe global (one call): it must exist and take triggers. Returns the
 * objects as the org spells them, without duplicates.
 */
export async function resolveObjects(nango: NangoClient, objects: string[]): Promise<NotifiedObject[]> {
    objects.forEach((o, i) => assertSObjectName(o, `objects.${i}`));
    const response = await request<{ sobjects?: Array<Record<string, unknown>> }>(nango, { method: 'GET', endpoint: `${DATA_PATH}/sobjects/`, context: 'list the objects of the org' });
    const byName = new Map((response.data.sobjects ?? []).filter((s) => isString(s['name'])).map((s) => [String(s['name']).toLowerCase(), s]));
    const resolved: NotifiedObject[] = [];
    const issues: Array<{ path: string; message: string }> = [];
    objects.forEach((requested, i) => {
        const entry = byName.get(requested.toLowerCase());
        if (!entry) {
            issues.push({ path: `objects.${i}`, message: `${requested} is not an object of this org (or the user cannot see it)` });
        } else if (entry['triggerable'] !== true) {
            issues.push({ path: `objects.${i}`, message: `${String(entry['name'])} does not support Apex triggers` });
        } else if (!resolved.some((r) => r.name === entry['name'])) {
            resolved.push({ name: String(entry['name']), undeletable: entry['undeletable'] === true });
        }
    });
    if (issues.length > 0) throw new InputError(issues);
    return resolved;
}

export interface ApexRow {
    id: string;
    name: string;
    status: string;
    apiVersion: number | null;
    lastModifiedDate: string | null;
    /** Triggers: the object (its API name for standard objects, its id for custom ones). */
    tableEnumOrId?: string | null;
}

async function toolingQuery(nango: NangoClient, soql: string, context: string): Promise<Array<Record<string, unknown>>> {
    const records: Array<Record<string, unknown>> = [];
    let response = await request<{ records?: Array<Record<string, unknown>>; nextRecordsUrl?: string }>(nango, { method: 'GET', endpoint: `${DATA_PATH}/tooling/query`, params: { q: soql }, context });
    records.push(...(response.data.records ?? []));
    // a few dozen rows at most: one page; follow a locator anyway, only if it is a tooling query path of this API
    while (isString(response.data.nextRecordsUrl) && response.data.nextRecordsUrl.startsWith(`${DATA_PATH}/tooling/query/`) && /^[\w/.-]+$/.test(response.data.nextRecordsUrl)) {
        response = await request(nango, { method: 'GET', endpoint: response.data.nextRecordsUrl, context });
        records.push(...(response.data.records ?? []));
    }
    return records;
}

const row = (r: Record<string, unknown>): ApexRow => ({
    id: String(r['Id'] ?? ''),
    name: String(r['Name'] ?? ''),
    status: String(r['Status'] ?? ''),
    apiVersion: typeof r['ApiVersion'] === 'number' ? r['ApiVersion'] : null,
    lastModifiedDate: isString(r['LastModifiedDate']) ? r['LastModifiedDate'] : null,
    ...('TableEnumOrId' in r ? { tableEnumOrId: isString(r['TableEnumOrId']) ? r['TableEnumOrId'] : null } : {})
});

/** The notifier's classes and triggers in the org (Tooling API, two queries of names starting with Nango). */
export async function deployedApex(nango: NangoClient): Promise<{ classes: ApexRow[]; triggers: ApexRow[] }> {
    const nangoNames = like('Name', 'Nango', 'startsWith');
    const classes = await toolingQuery(nango, buildSoql({ select: ['Id', 'Name', 'Status', 'ApiVersion', 'LastModifiedDate'], from: 'ApexClass', where: nangoNames, orderBy: [{ field: 'Name' }] }), 'list the Nango Apex classes');
    const triggers = await toolingQuery(
        nango,
        buildSoql({ select: ['Id', 'Name', 'TableEnumOrId', 'Status', 'ApiVersion', 'LastModifiedDate'], from: 'ApexTrigger', where: nangoNames, orderBy: [{ field: 'Name' }] }),
        'list the Nango Apex triggers'
    );
    return {
        classes: classes.map(row).filter((c) => (CLASS_NAMES as readonly string[]).includes(c.name)),
        triggers: triggers.map(row).filter((t) => t.name.startsWith(TRIGGER_PREFIX))
    };
}

/** The trigger of each object, and whether it is deployed and active. */
export function objectStatus(objects: string[], triggers: ApexRow[]): Array<{ sObject: string; trigger: string; deployed: boolean; active: boolean }> {
    return objects.map((sObject) => {
        const name = triggerName(sObject);
        const found = triggers.find((t) => t.name === name);
        return { sObject, trigger: name, deployed: found !== undefined, active: found?.status === 'Active' };
    });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long an action waits for a deployment before it answers that the outcome is not known yet. */
export const DEPLOY_WAIT_MS = 240_000;

/** Polls checkDeployStatus (at once, then 0.5 s, 1 s, 2 s … up to 10 s apart) until the deployment is done or the wait is over. */
export async function waitForDeploy(nango: NangoClient, sessionId: string, id: string, waitMs = DEPLOY_WAIT_MS): Promise<DeployStatus> {
    const started = Date.now();
    let delay = 500;
    for (;;) {
        const status = await checkDeployStatus(nango, sessionId, id);
        if (status.done || Date.now() - started + delay > waitMs) return status;
        await sleep(delay);
        delay = Math.min(delay * 2, 10_000);
    }
}

function problemMessage(p: DeployProblem): string {
    const where = p.line !== null ? ` (line ${p.line}${p.column !== null ? `, column ${p.column}` : ''})` : '';
    return `${p.component ?? 'deployment'}${where}: ${p.problem}`;
}

const ERROR_CODES: Record<DeployProblem['kind'], string> = { component: 'COMPILE_ERROR', test: 'TEST_FAILURE', coverage: 'CODE_COVERAGE', deployment: 'DEPLOY_ERROR' };

/** The ActionError of a deployment that failed: every compile error, test failure and coverage shortfall listed. */
export function deployFailed(nango: Pick<NangoAction, 'ActionError'>, status: DeployStatus, what: string): Error {
    const errors: SalesforceError[] = status.problems.map((p) => ({ errorCode: ERROR_CODES[p.kind], message: problemMessage(p), fields: [] }));
    const payload: SalesforceErrorPayload = {
        type: 'salesforce_error',
        message: `${what} failed: deployment ${status.id} ended ${status.status}${errors.length > 0 ? `: ${errors.map((e) => e.message).join('; ')}` : ''}. Salesforce rolled the whole deployment back; nothing of it was saved.`,
        errorCode: 'DEPLOY_FAILED',
        fields: [],
        status: null,
        errors,
        deployId: status.id,
        problems: status.problems
    };
    return actionError(nango, payload);
}

/** The ActionError of a deployment still running when the action stops waiting. */
export function deployStillRunning(nango: Pick<NangoAction, 'ActionError'>, status: DeployStatus, what: string): Error {
    return actionError(nango, {
        type: 'server_error',
        message: `${what}: deployment ${status.id} is still ${status.status} after ${DEPLOY_WAIT_MS / 1000} s and goes on in Salesforce. Do not start another: call get-change-notifier-status, which reports its outcome (and completes the install once it succeeded).`,
        errorCode: 'DEPLOY_IN_PROGRESS',
        fields: [],
        status: null,
        errors: [],
        deployId: status.id
    });
}

/** A Salesforce dateTime (`2026-12-01T10:00:00.000+0000`) as ISO 8601 UTC (`…Z`); now when absent or unreadable. */
export function isoTime(value: string | null): string {
    const ms = value ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
    return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}

/** The Nango connection id the envelopes must name (the runtime's nango.connectionId). */
export function connectionIdOf(nango: { connectionId?: unknown }): string {
    if (typeof nango.connectionId !== 'string' || nango.connectionId.length === 0) throw new Error('The Nango runtime gave no connection id.');
    return nango.connectionId;
}

/** Hosts a notifier may reach over plain http: the machine itself (local emulators and tests), nothing else. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a webhook URL before it is baked into Apex: absolute https (http only to the machine itself: the shared
 * secret travels in every body), no credentials, no fragment, and no control character anywhere (the URL parser would
 * drop a tab or line break silently and install another URL, even another host, than the one given).
 */
export function checkWebhookUrl(value: string, path: string): URL {
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new InputError(`"${printable(value)}" contains control characters`, path);
    if (value.includes('#')) throw new InputError('must not have a #fragment', path);
    if (value !== value.trim()) throw new InputError('must not start or end with spaces', path);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new InputError(`"${printable(value)}" is not an absolute URL`, path);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        throw new InputError('must be an https URL (plain http only to localhost): the shared secret travels in every notification', path);
    }
    if (url.username !== '' || url.password !== '') throw new InputError('must not carry credentials', path);
    return url;
}
