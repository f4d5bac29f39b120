/**
 * The Metadata API deploy() of Apex, as the emulated org runs it (Metadata API Developer Guide: "deploy()",
 * "DeployResult", "Deleting Components from an Organization", "Running Tests in a Deployment"):
 *
 * - the .zip holds package.xml (the members to deploy, with the API version) and optionally destructiveChanges.xml /
 *   destructiveChangesPre.xml / destructiveChangesPost.xml (members to delete before or after), classes/X.cls(+
 *   -meta.xml) and triggers/X.trigger(+ -meta.xml); a member without its file fails as Salesforce words it;
 * - each class and trigger is compiled (compile.ts: syntax, with line and column); a trigger's object must exist and
 *   take triggers; a class deleted while another class or trigger still refers to it fails;
 * - tests: testLevel RunSpecifiedTests runs the runTests classes, RunLocalTests every test class, NoTestRun none;
 *   without a testLevel, production runs local tests when the package holds Apex. Production refuses NoTestRun;
 * - coverage (estimated, coverage.ts) is enforced on production only: with RunSpecifiedTests each class and trigger
 *   deployed needs 75%; with local tests the org-wide average needs 75% and every trigger some coverage;
 * - all or nothing: any component failure, failed test or coverage shortfall fails the whole deployment (what
 *   rollbackOnError=true does; production requires it) and nothing changes; warnings (deleting a member the org does
 *   not have) fail it too unless ignoreWarnings.
 *
 * Simplifications: only ApexClass and ApexTrigger members are deployable; the deployment runs when deploy() is
 * called, and checkDeployStatus() reports it InProgress for ApexState.checksToComplete checks first.
 */
import { XMLParser } from 'fast-xml-parser';

import { formatDateTime } from '../org/values.js';
import { notifierSettings } from '../notifier.js';
import type { ApexComponent, DeployJob, SalesforceState } from '../state.js';
import { compileApex, isTestUnit, type ApexUnit } from './compile.js';
import { percentCovered, runTests, type TestRun } from './coverage.js';
import { unzip } from './zip.js';

export interface DeployRequestOptions {
    checkOnly: boolean;
    ignoreWarnings: boolean;
    rollbackOnError: boolean;
    runTests: string[];
    testLevel: string | undefined;
    singlePackage: boolean;
}

interface Message {
    componentType: string;
    fullName: string;
    fileName: string;
    success: boolean;
    problem?: string;
    problemType?: 'Error' | 'Warning';
    line?: number;
    column?: number;
    created?: boolean;
    changed?: boolean;
    deleted?: boolean;
    id?: string;
}

interface Outcome {
    failures: Message[];
    successes: Message[];
    errorStatusCode?: string;
    errorMessage?: string;
    tests?: TestRun;
    coverageWarnings: Array<{ name: string | null; message: string }>;
    total: number;
}

type Kind = 'ApexClass' | 'ApexTrigger';
const FOLDER: Record<Kind, string> = { ApexClass: 'classes', ApexTrigger: 'triggers' };
const SUFFIX: Record<Kind, string> = { ApexClass: 'cls', ApexTrigger: 'trigger' };

const manifestParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'types' || name === 'members' });

function readManifest(text: string): Map<string, string[]> {
    const doc = manifestParser.parse(text) as { Package?: { types?: Array<{ name?: string; members?: string[] }> } };
    const out = new Map<string, string[]>();
    for (const t of doc.Package?.types ?? []) if (t.name) out.set(String(t.name), [...(out.get(String(t.name)) ?? []), ...(t.members ?? []).map(String)]);
    return out;
}

const metaParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

function readMeta(text: string | undefined): { apiVersion: number; status: 'Active' | 'Inactive' } {
    const doc = (text ? metaParser.parse(text) : {}) as Record<string, Record<string, unknown> | undefined>;
    const body = doc['ApexClass'] ?? doc['ApexTrigger'] ?? {};
    const version = Number(body['apiVersion']);
    return { apiVersion: Number.isFinite(version) && version > 0 ? version : 66, status: body['status'] === 'Inactive' ? 'Inactive' : 'Active' };
}

const compiled = new Map<string, ApexUnit>();
/** Compiles a body once (bodies repeat across deployments and test runs). */
function compileCached(kind: 'class' | 'trigger', body: string): ApexUnit {
    const key = `${kind}\u0000${body}`;
    let unit = compiled.get(key);
    if (!unit) {
        if (compiled.size > 500) compiled.clear();
        compiled.set(key, (unit = compileApex(kind, body)));
    }
    return unit;
}

interface Candidate {
    kind: Kind;
    name: string;
    body: string;
    unit: ApexUnit;
    meta: { apiVersion: number; status: 'Active' | 'Inactive' };
    object?: string;
}

function evaluate(s: SalesforceState, files: Map<string, Buffer>, options: DeployRequestOptions): { outcome: Outcome; apply: () => void } {
    const outcome: Outcome = { failures: [], successes: [], coverageWarnings: [], total: 0 };
    const noop = { outcome, apply: () => undefined };
    const names = [...files.keys()];
    const manifestPath = options.singlePackage ? 'package.xml' : names.find((n) => /^[^/]+\/package\.xml$/.test(n)) ?? 'package.xml';
    const root = manifestPath.slice(0, manifestPath.length - 'package.xml'.length);
    const text = (name: string): string | undefined => files.get(root + name)?.toString('utf8');
    const manifestText = text('package.xml');
    if (manifestText === undefined) {
        outcome.failures.push({ componentType: '', fullName: 'package.xml', fileName: 'package.xml', success: false, problemType: 'Error', problem: 'No package.xml found' });
        return noop;
    }
    const manifest = readManifest(manifestText);
    const deletions = { pre: new Map<string, string[]>(), post: new Map<string, string[]>() };
    // destructiveChanges.xml is processed before the additions, as destructiveChangesPre.xml
    for (const [file, when] of [['destructiveChanges.xml', 'pre'], ['destructiveChangesPre.xml', 'pre'], ['destructiveChangesPost.xml', 'post']] as const) {
        const t = text(file);
        if (t !== undefined) for (const [type, members] of readManifest(t)) deletions[when].set(type, [...(deletions[when].get(type) ?? []), ...members]);
    }
    for (const m of [manifest, deletions.pre, deletions.post]) {
        for (const type of m.keys()) {
            if (type !== 'ApexClass' && type !== 'ApexTrigger') {
                outcome.failures.push({ componentType: type, fullName: type, fileName: 'package.xml', success: false, problemType: 'Error', problem: `The emulator deploys ApexClass and ApexTrigger members only, not ${type}` });
            }
        }
    }

    // the package's components, compiled
    const candidates: Candidate[] = [];
    for (const kind of ['ApexClass', 'ApexTrigger'] as const) {
        for (const name of manifest.get(kind) ?? []) {
            outcome.total++;
            const fileName = `${FOLDER[kind]}/${name}.${SUFFIX[kind]}`;
            const body = text(fileName);
            if (body === undefined) {
                outcome.failures.push({ componentType: kind, fullName: name, fileName: 'package.xml', success: false, problemType: 'Error', problem: `An object '${name}' of type ${kind} was named in package.xml, but was not found in zipped directory` });
                continue;
            }
            const unit = compileCached(kind === 'ApexClass' ? 'class' : 'trigger', body);
            const failure = (problem: string, line?: number, column?: number): void => {
                outcome.failures.push({ componentType: kind, fullName: name, fileName, success: false, problemType: 'Error', problem, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
            };
            if (unit.errors.length > 0) {
                for (const e of unit.errors) failure(e.problem, e.line, e.column);
                continue;
            }
            if (unit.name.toLowerCase() !== name.toLowerCase()) {
                failure(`The ${kind === 'ApexClass' ? 'class' : 'trigger'} is named ${unit.name}, but its file is ${fileName}`, 1, 1);
                continue;
            }
            let object: string | undefined;
            if (kind === 'ApexTrigger') {
                const def = s.org.schema.get(unit.object ?? '');
                if (!def || !def.triggerable) {
                    // ⚠️ wording not checked against a live org
                    failure(`Invalid SObject type name: ${unit.object ?? ''}`, 1, 1);
                    continue;
                }
                object = def.name;
            }
            candidates.push({ kind, name: unit.name, body, unit, meta: readMeta(text(`${fileName}-meta.xml`)), ...(object ? { object } : {}) });
        }
    }

    // the org as it would be after the deployment
    const after = { ApexClass: new Map<string, Candidate>(), ApexTrigger: new Map<string, Candidate>() };
    for (const c of s.apex.classes.values()) after.ApexClass.set(c.name.toLowerCase(), { kind: 'ApexClass', name: c.name, body: c.body, unit: compileCached('class', c.body), meta: { apiVersion: c.apiVersion, status: c.status } });
    for (const c of s.apex.triggers.values()) after.ApexTrigger.set(c.name.toLowerCase(), { kind: 'ApexTrigger', name: c.name, body: c.body, unit: compileCached('trigger', c.body), meta: { apiVersion: c.apiVersion, status: c.status }, ...(c.object ? { object: c.object } : {}) });
    const deleted: Array<{ kind: Kind; name: string }> = [];
    const remove = (m: Map<string, string[]>): void => {
        for (const kind of ['ApexClass', 'ApexTrigger'] as const) {
            for (const name of m.get(kind) ?? []) {
                outcome.total++;
                if (!after[kind].delete(name.toLowerCase())) {
                    outcome.failures.push({ componentType: kind, fullName: name, fileName: `${FOLDER[kind]}/${name}.${SUFFIX[kind]}`, success: !options.ignoreWarnings, problemType: 'Warning', problem: `No ${kind} named: ${name} found` });
                } else {
                    deleted.push({ kind, name });
                }
            }
        }
    };
    remove(deletions.pre);
    for (const c of candidates) after[c.kind].set(c.name.toLowerCase(), c);
    remove(deletions.post);
    const remaining = [...after.ApexClass.values(), ...after.ApexTrigger.values()];
    for (const d of deleted.filter((x) => x.kind === 'ApexClass')) {
        const lower = d.name.toLowerCase();
        const user = remaining.find((c) => c.unit.members.some((m) => m.refs.has(lower)));
        if (user) {
            outcome.failures.push({ componentType: 'ApexClass', fullName: d.name, fileName: `classes/${d.name}.cls`, success: false, problemType: 'Error', problem: `This apex class is referenced elsewhere in salesforce.com. Remove the usage and try again.: ${user.kind === 'ApexClass' ? 'Class' : 'Trigger'}.${user.name}` });
        }
    }
    const blocking = outcome.failures.filter((f) => !f.success);
    if (blocking.length > 0) return noop;

    // tests
    const production = s.apex.orgType === 'production';
    const hasApex = candidates.length > 0 || deleted.length > 0;
    const level = options.testLevel ?? (production && hasApex ? 'RunLocalTests' : 'NoTestRun');
    if (production && level === 'NoTestRun' && hasApex) {
        outcome.errorStatusCode = 'INVALID_OPERATION';
        outcome.errorMessage = 'testLevel of NoTestRun cannot be used in production organizations';
        return noop;
    }
    const units = remaining.map((c) => c.unit);
    const testClasses = remaining.filter((c) => c.kind === 'ApexClass' && isTestUnit(c.unit)).map((c) => c.name);
    let toRun: string[] = [];
    if (level === 'RunSpecifiedTests') {
        if (options.runTests.length === 0) {
            outcome.errorStatusCode = 'INVALID_OPERATION';
            outcome.errorMessage = 'runTests must not be empty when a testLevel of RunSpecifiedTests is used';
            return noop;
        }
        const unknown = options.runTests.filter((t) => !testClasses.some((c) => c.toLowerCase() === t.toLowerCase()));
        if (unknown.length > 0) {
            outcome.errorStatusCode = 'INVALID_OPERATION';
            outcome.errorMessage = `The specified test class was not found: ${unknown.join(', ')}`;
            return noop;
        }
        toRun = options.runTests;
    } else if (level === 'RunLocalTests' || level === 'RunAllTestsInOrg') {
        toRun = testClasses;
    }
    if (toRun.length > 0) {
        const tests = runTests(units, toRun, s.apex.failingTests);
        outcome.tests = tests;
        if (production && tests.failures.length === 0) {
            const deployedNames = new Set(candidates.filter((c) => !isTestUnit(c.unit)).map((c) => c.name.toLowerCase()));
            if (level === 'RunSpecifiedTests') {
                for (const c of tests.coverage.values()) {
                    const pct = percentCovered(c);
                    if (deployedNames.has(c.name.toLowerCase()) && pct < 75) {
                        outcome.coverageWarnings.push({ name: c.name, message: `Test coverage of selected Apex ${c.kind === 'class' ? 'Class' : 'Trigger'} is ${round(pct)}%, at least 75% test coverage is required` });
                    }
                }
            } else {
                const all = [...tests.coverage.values()];
                const lines = all.reduce((n, c) => n + c.locations, 0);
                const covered = all.reduce((n, c) => n + c.locations - c.notCovered.length, 0);
                const average = lines === 0 ? 100 : (covered / lines) * 100;
                if (average < 75) outcome.coverageWarnings.push({ name: null, message: `Average test coverage across all Apex Classes and Triggers is ${round(average)}%, at least 75% test coverage is required.` });
                for (const c of all) {
                    if (c.kind === 'trigger' && c.locations > 0 && c.notCovered.length === c.locations) {
                        outcome.coverageWarnings.push({ name: c.name, message: 'Test coverage of selected Apex Trigger is 0%, at least 1% test coverage is required' });
                    }
                }
            }
        }
        if (tests.failures.length > 0 || outcome.coverageWarnings.length > 0) return noop;
    }

    const now = s.org.now();
    const apply = (): void => {
        for (const d of deleted) (d.kind === 'ApexClass' ? s.apex.classes : s.apex.triggers).delete(d.name.toLowerCase());
        for (const c of candidates) {
            const store = c.kind === 'ApexClass' ? s.apex.classes : s.apex.triggers;
            const old = store.get(c.name.toLowerCase());
            const component: ApexComponent = {
                id: old?.id ?? s.org.ids.next(c.kind === 'ApexClass' ? '01p' : '01q'),
                name: c.name,
                body: c.body,
                apiVersion: c.meta.apiVersion,
                status: c.meta.status,
                ...(c.object ? { object: c.object } : {}),
                createdDate: old?.createdDate ?? now,
                lastModifiedDate: now
            };
            store.set(c.name.toLowerCase(), component);
            outcome.successes.push({ componentType: c.kind, fullName: c.name, fileName: `${FOLDER[c.kind]}/${c.name}.${SUFFIX[c.kind]}`, success: true, created: !old, changed: old !== undefined && old.body !== c.body, id: component.id });
        }
        for (const d of deleted) outcome.successes.push({ componentType: d.kind, fullName: d.name, fileName: `${FOLDER[d.kind]}/${d.name}.${SUFFIX[d.kind]}`, success: true, deleted: true });
        refreshNotifier(s);
    };
    return { outcome, apply };
}

const round = (n: number): string => String(Number(n.toFixed(3)));

/** Runs a deployment now and keeps its result for checkDeployStatus. */
export function runDeploy(s: SalesforceState, zipData: Buffer, options: DeployRequestOptions): DeployJob {
    const id = s.org.ids.next('0Af');
    const created = s.org.now();
    let outcome: Outcome;
    try {
        const files = unzip(zipData);
        const evaluated = evaluate(s, files, options);
        outcome = evaluated.outcome;
        const failed = outcome.failures.some((f) => !f.success) || outcome.errorMessage !== undefined || (outcome.tests?.failures.length ?? 0) > 0 || outcome.coverageWarnings.length > 0;
        if (!failed && !options.checkOnly) evaluated.apply();
    } catch (err) {
        outcome = { failures: [], successes: [], coverageWarnings: [], total: 0, errorStatusCode: 'UNKNOWN_EXCEPTION', errorMessage: `The deployed file could not be read: ${err instanceof Error ? err.message : String(err)}` };
    }
    const success = !outcome.failures.some((f) => !f.success) && outcome.errorMessage === undefined && (outcome.tests?.failures.length ?? 0) === 0 && outcome.coverageWarnings.length === 0;
    const completed = s.org.now();
    const user = s.org.apiUserId;
    const userName = String(s.org.apiUser()?.['Name'] ?? 'Integration User');
    const job: DeployJob = {
        id,
        createdDate: created,
        checks: 0,
        resultXml: (done) => {
            const componentErrors = outcome.failures.filter((f) => !f.success).length;
            const tests = outcome.tests;
            const testsRun = (tests?.successes.length ?? 0) + (tests?.failures.length ?? 0);
            return [
                el('checkOnly', options.checkOnly),
                done ? el('completedDate', formatDateTime(completed)) : '',
                el('createdBy', user),
                el('createdByName', userName),
                el('createdDate', formatDateTime(created)),
                done ? `<details>${outcome.failures.map((m) => message('componentFailures', m)).join('')}${outcome.successes.map((m) => message('componentSuccesses', m)).join('')}${testResultXml(outcome)}</details>` : '',
                el('done', done),
                done && outcome.errorMessage ? el('errorMessage', outcome.errorMessage) : '',
                done && outcome.errorStatusCode ? el('errorStatusCode', outcome.errorStatusCode) : '',
                el('id', id),
                el('ignoreWarnings', options.ignoreWarnings),
                el('lastModifiedDate', formatDateTime(done ? completed : created)),
                el('numberComponentErrors', done ? componentErrors : 0),
                el('numberComponentsDeployed', done && success ? outcome.successes.length : 0),
                el('numberComponentsTotal', outcome.total),
                el('numberTestErrors', done ? (tests?.failures.length ?? 0) : 0),
                el('numberTestsCompleted', done ? (tests?.successes.length ?? 0) : 0),
                el('numberTestsTotal', testsRun),
                el('rollbackOnError', options.rollbackOnError),
                el('runTestsEnabled', tests !== undefined),
                el('startDate', formatDateTime(created)),
                el('status', done ? (success ? 'Succeeded' : 'Failed') : 'InProgress'),
                el('success', done && success)
            ].join('');
        }
    };
    s.apex.deploys.set(id, job);
    return job;
}

const esc = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | number | boolean): string => `<${name}>${esc(String(value))}</${name}>`;

function message(tag: string, m: Message): string {
    return (
        `<${tag}>` +
        el('changed', m.changed ?? false) +
        (m.column !== undefined ? el('columnNumber', m.column) : '') +
        el('componentType', m.componentType) +
        el('created', m.created ?? false) +
        el('createdDate', formatDateTime(Date.now())) +
        el('deleted', m.deleted ?? false) +
        el('fileName', m.fileName) +
        el('fullName', m.fullName) +
        (m.id ? el('id', m.id) : '') +
        (m.line !== undefined ? el('lineNumber', m.line) : '') +
        (m.problem !== undefined ? el('problem', m.problem) : '') +
        (m.problemType ? el('problemType', m.problemType) : '') +
        el('success', m.success) +
        `</${tag}>`
    );
}

function testResultXml(outcome: Outcome): string {
    const tests = outcome.tests;
    if (!tests) return '<runTestResult><numFailures>0</numFailures><numTestsRun>0</numTestsRun><totalTime>0.0</totalTime></runTestResult>';
    const coverage = [...tests.coverage.values()]
        .map(
            (c) =>
                `<codeCoverage>${el('name', c.name)}${c.notCovered.map((line) => `<locationsNotCovered>${el('column', 0)}${el('line', line)}${el('numExecutions', 0)}${el('time', -1)}</locationsNotCovered>`).join('')}<namespace xsi:nil="true"/>${el('numLocations', c.locations)}${el('numLocationsNotCovered', c.notCovered.length)}${el('type', c.kind === 'class' ? 'Class' : 'Trigger')}</codeCoverage>`
        )
        .join('');
    const warnings = outcome.coverageWarnings.map((w) => `<codeCoverageWarnings>${el('message', w.message)}${w.name ? el('name', w.name) : '<name xsi:nil="true"/>'}<namespace xsi:nil="true"/></codeCoverageWarnings>`).join('');
    const failures = tests.failures
        .map(
            (f) =>
                `<failures>${el('message', f.message)}${el('methodName', f.methodName)}${el('name', f.className)}<namespace xsi:nil="true"/>${el('seeAllData', false)}${el('stackTrace', `Class.${f.className}.${f.methodName}: line ${f.line}, column 1`)}${el('time', 12)}${el('type', 'Class')}</failures>`
        )
        .join('');
    const successes = tests.successes.map((t) => `<successes>${el('methodName', t.methodName)}${el('name', t.className)}<namespace xsi:nil="true"/>${el('seeAllData', false)}${el('time', 10)}</successes>`).join('');
    const run = tests.successes.length + tests.failures.length;
    return `<runTestResult>${coverage}${warnings}${failures}${el('numFailures', tests.failures.length)}${el('numTestsRun', run)}${successes}${el('totalTime', run * 10)}</runTestResult>`;
}

/** The value of a `static final String NAME = '…';` of an Apex class body (Apex string escapes undone). */
export function apexConstant(body: string, name: string): string | undefined {
    const m = new RegExp(`\\b${name}\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'`, 'i').exec(body);
    if (!m) return undefined;
    return (m[1] ?? '').replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/**
 * After a deployment: the emulated org notifies as the deployed Apex would. With NangoChangeNotifier,
 * NangoChangeNotifierSettings and active triggers calling NangoChangeNotifier.handle, `sf.notifier` is set from the
 * settings class (url, connection id, secret) and the triggers' objects; without them, a notifier the deployment
 * endpoints set is cleared (one set through EmulatorHandle.notifier.install() is left alone).
 */
export function refreshNotifier(s: SalesforceState): void {
    const settings = s.apex.classes.get('nangochangenotifiersettings');
    const core = s.apex.classes.get('nangochangenotifier');
    const objects = [...s.apex.triggers.values()].filter((t) => t.status === 'Active' && t.object && /\bNangoChangeNotifier\s*\.\s*handle\s*\(/i.test(t.body)).map((t) => t.object as string);
    const url = settings ? apexConstant(settings.body, 'WEBHOOK_URL') : undefined;
    const secret = settings ? apexConstant(settings.body, 'SECRET') : undefined;
    const connectionId = settings ? apexConstant(settings.body, 'CONNECTION_ID') : undefined;
    if (core && objects.length > 0 && url && secret && connectionId !== undefined) {
        try {
            const n = notifierSettings(s, { objects, url, secret, connectionId });
            s.notifier = n;
            s.apex.deployedNotifier = n;
            return;
        } catch {
            // settings the notifier could not use (not an http URL): the Apex would fail every callout
        }
    }
    if (s.notifier !== undefined && s.notifier === s.apex.deployedNotifier) s.notifier = undefined;
    s.apex.deployedNotifier = undefined;
}
