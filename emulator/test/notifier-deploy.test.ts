/**
 * The emulated Metadata API and Tooling API endpoints the change-notifier actions call: RemoteSiteSetting CRUD,
 * deploy() of Apex with its compile, test and coverage rules (production vs sandbox), checkDeployStatus, the
 * Tooling API query of ApexClass/ApexTrigger, the Organization record, and the notifier state a deployment sets.
 * The Apex is the repository's own (salesforce/apex/), read as files; the packages are zipped here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';

import { start, type Client } from './helpers.js';

const APEX = path.resolve(import.meta.dirname, '..', '..', 'salesforce', 'apex');
const source = (file: string): string => fs.readFileSync(path.join(APEX, file), 'utf8');
const NOTIFIER = source('classes/NangoChangeNotifier.cls');
const TEST = source('classes/NangoChangeNotifierTest.cls');
const STUB_TEST = source('uninstall/NangoChangeNotifierTest.cls');
const SECRET = 'f'.repeat(64);

function settings(url: string, objects: string[], connectionId = 'salesforce-emulator'): string {
    return source('classes/NangoChangeNotifierSettings.cls')
        .replace("'{{WEBHOOK_URL}}'", `'${url}'`)
        .replace("'{{CONNECTION_ID}}'", `'${connectionId}'`)
        .replace("'{{SECRET}}'", `'${SECRET}'`)
        .replace("'{{OBJECTS}}'", objects.map((o) => `'${o}'`).join(', '));
}

const trigger = (object: string, name = `NangoNotify_${object.replace(/__c$/, '_c')}`): [string, string] => [
    name,
    source('triggers/NangoNotify.trigger').replace('NangoNotify_NangoObject on NangoObject', `${name} on ${object}`)
];

/** A zip with deflated entries (the emulator reads stored ones from the actions; this checks the other method). */
function zipOf(files: Record<string, string>): string {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const [name, content] of Object.entries(files)) {
        const raw = Buffer.from(content);
        const data = deflateRawSync(raw);
        const n = Buffer.from(name);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4);
        local.writeUInt16LE(8, 8);
        local.writeUInt32LE(crc32(raw), 14);
        local.writeUInt32LE(data.length, 18);
        local.writeUInt32LE(raw.length, 22);
        local.writeUInt16LE(n.length, 26);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(8, 10);
        central.writeUInt32LE(crc32(raw), 16);
        central.writeUInt32LE(data.length, 20);
        central.writeUInt32LE(raw.length, 24);
        central.writeUInt16LE(n.length, 28);
        central.writeUInt32LE(offset, 42);
        locals.push(local, n, data);
        centrals.push(central, n);
        offset += 30 + n.length + data.length;
    }
    const size = centrals.reduce((s, b) => s + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Object.keys(files).length, 8);
    end.writeUInt16LE(Object.keys(files).length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, ...centrals, end]).toString('base64');
}

const META = '<?xml version="1.0" encoding="UTF-8"?><ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>';
const TMETA = META.replace(/ApexClass/g, 'ApexTrigger');

function manifest(classes: string[], triggers: string[], version = true): string {
    const types = [
        classes.length ? `<types>${classes.map((c) => `<members>${c}</members>`).join('')}<name>ApexClass</name></types>` : '',
        triggers.length ? `<types>${triggers.map((t) => `<members>${t}</members>`).join('')}<name>ApexTrigger</name></types>` : ''
    ].join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">${types}${version ? '<version>66.0</version>' : ''}</Package>`;
}

interface Pkg {
    classes?: Record<string, string>;
    triggers?: Record<string, string>;
    post?: { classes?: string[]; triggers?: string[] };
}

function packageZip(pkg: Pkg): string {
    const files: Record<string, string> = { 'package.xml': manifest(Object.keys(pkg.classes ?? {}), Object.keys(pkg.triggers ?? {})) };
    for (const [name, body] of Object.entries(pkg.classes ?? {})) Object.assign(files, { [`classes/${name}.cls`]: body, [`classes/${name}.cls-meta.xml`]: META });
    for (const [name, body] of Object.entries(pkg.triggers ?? {})) Object.assign(files, { [`triggers/${name}.trigger`]: body, [`triggers/${name}.trigger-meta.xml`]: TMETA });
    if (pkg.post) files['destructiveChangesPost.xml'] = manifest(pkg.post.classes ?? [], pkg.post.triggers ?? [], false);
    return zipOf(files);
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (n) => ['result', 'records', 'componentFailures', 'componentSuccesses', 'codeCoverage', 'codeCoverageWarnings', 'failures', 'successes', 'errors'].includes(n) });

let client: Client | undefined;
afterEach(async () => {
    await client?.emu.stop();
    client = undefined;
});

async function emulator(orgType?: 'production' | 'sandbox' | 'developer'): Promise<Client> {
    client = await start(orgType ? { orgType } : {});
    return client;
}

async function soap(c: Client, body: string, session = c.emu.accessToken): Promise<{ status: number; doc: any }> {
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:met="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><met:SessionHeader><met:sessionId>${session}</met:sessionId></met:SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
    const res = await fetch(`${c.emu.url}/services/Soap/m/66.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' }, body: envelope });
    return { status: res.status, doc: parser.parse(await res.text()).Envelope.Body };
}

async function deploy(c: Client, pkg: Pkg, options: { testLevel?: string; runTests?: string[]; ignoreWarnings?: boolean } = {}): Promise<any> {
    const opts = `<met:ignoreWarnings>${options.ignoreWarnings ?? false}</met:ignoreWarnings><met:rollbackOnError>true</met:rollbackOnError>${(options.runTests ?? []).map((t) => `<met:runTests>${t}</met:runTests>`).join('')}<met:singlePackage>true</met:singlePackage>${options.testLevel ? `<met:testLevel>${options.testLevel}</met:testLevel>` : ''}`;
    const started = await soap(c, `<met:deploy><met:ZipFile>${packageZip(pkg)}</met:ZipFile><met:DeployOptions>${opts}</met:DeployOptions></met:deploy>`);
    const id = started.doc.deployResponse.result[0].id;
    expect(started.doc.deployResponse.result[0]).toMatchObject({ done: 'false', state: 'Queued' });
    return (await soap(c, `<met:checkDeployStatus><met:asyncProcessId>${id}</met:asyncProcessId><met:includeDetails>true</met:includeDetails></met:checkDeployStatus>`)).doc.checkDeployStatusResponse.result[0];
}

const notifierPackage = (url: string, objects = ['Account', 'Contact']): Pkg => ({
    classes: { NangoChangeNotifier: NOTIFIER, NangoChangeNotifierSettings: settings(url, objects), NangoChangeNotifierTest: TEST },
    triggers: Object.fromEntries(objects.map((o) => trigger(o)))
});

const webhookUrl = (c: Client): string => `${c.emu.url}/webhook/env-uuid/salesforce`;

async function remoteSite(c: Client, url = c.emu.url, isActive = true): Promise<any> {
    const r = await soap(c, `<met:upsertMetadata><met:metadata xsi:type="met:RemoteSiteSetting"><met:fullName>Nango_Change_Notifier</met:fullName><met:description>test</met:description><met:disableProtocolSecurity>false</met:disableProtocolSecurity><met:isActive>${isActive}</met:isActive><met:url>${url}</met:url></met:metadata></met:upsertMetadata>`);
    return r.doc.upsertMetadataResponse.result[0];
}

describe('Metadata API deploy of the notifier', () => {
    it('deploys on production with RunSpecifiedTests: every class and trigger covered, the notifier installed from the settings class', async () => {
        const c = await emulator();
        const result = await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(result).toMatchObject({ done: 'true', status: 'Succeeded', success: 'true', numberComponentErrors: '0', numberTestErrors: '0', numberComponentsTotal: '5' });
        const run = result.details.runTestResult;
        expect(Number(run.numTestsRun)).toBe(9);
        expect(run.codeCoverage.map((cc: any) => [cc.name, cc.type, cc.numLocationsNotCovered])).toEqual([
            ['NangoChangeNotifier', 'Class', '0'],
            ['NangoChangeNotifierSettings', 'Class', '0'],
            ['NangoNotify_Account', 'Trigger', '0'],
            ['NangoNotify_Contact', 'Trigger', '0']
        ]);
        expect(c.emu.notifier.status()).toEqual({ installed: true, objects: ['Account', 'Contact'], url: webhookUrl(c), connectionId: 'salesforce-emulator' });
        expect(c.emu.apex.classes().map((k) => k.name)).toEqual(['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest']);
    });

    it('rejects Apex that does not parse, with the line and column of the problem, and saves nothing', async () => {
        const c = await emulator();
        const broken = notifierPackage(webhookUrl(c));
        broken.classes = { ...broken.classes, NangoChangeNotifier: NOTIFIER.replace('return value != previous;', 'return value != ;') };
        const lines = NOTIFIER.split('\n');
        const line = lines.findIndex((l) => l.includes('return value != previous;')) + 1;
        const column = (lines[line - 1] ?? '').indexOf('previous;') + 1; // where the ';' now stands, 1-based
        const result = await deploy(c, broken, { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(result).toMatchObject({ done: 'true', status: 'Failed', success: 'false', numberComponentErrors: '1' });
        expect(result.details.componentFailures).toEqual([
            expect.objectContaining({ componentType: 'ApexClass', fullName: 'NangoChangeNotifier', fileName: 'classes/NangoChangeNotifier.cls', lineNumber: String(line), columnNumber: String(column), problem: "Unexpected token ';'.", problemType: 'Error', success: 'false' })
        ]);
        expect(c.emu.apex.classes()).toEqual([]);
        expect(c.emu.notifier.status().installed).toBe(false);
    });

    it('on production refuses NoTestRun, classes no test covers, and a failing test, in Salesforce\'s words', async () => {
        const c = await emulator('production');
        const noTests = await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'NoTestRun' });
        expect(noTests).toMatchObject({ status: 'Failed', errorStatusCode: 'INVALID_OPERATION', errorMessage: 'testLevel of NoTestRun cannot be used in production organizations' });

        const idle = '@isTest private class IdleTest { @isTest static void nothing() { System.assert(true); } }';
        const uncovered = await deploy(c, { classes: { NangoChangeNotifier: NOTIFIER, NangoChangeNotifierSettings: settings(webhookUrl(c), ['Account']), IdleTest: idle } }, { testLevel: 'RunSpecifiedTests', runTests: ['IdleTest'] });
        expect(uncovered.status).toBe('Failed');
        expect(uncovered.details.runTestResult.codeCoverageWarnings.map((w: any) => w.message)).toEqual([
            'Test coverage of selected Apex Class is 0%, at least 75% test coverage is required',
            'Test coverage of selected Apex Class is 0%, at least 75% test coverage is required'
        ]);

        const local = await deploy(c, { classes: { NangoChangeNotifier: NOTIFIER, NangoChangeNotifierSettings: settings(webhookUrl(c), ['Account']), IdleTest: idle } });
        expect(local.details.runTestResult.codeCoverageWarnings[0].message).toBe('Average test coverage across all Apex Classes and Triggers is 0%, at least 75% test coverage is required.');

        c.emu.apex.failTest('NangoChangeNotifierTest.triggersOfEveryNotifiedObjectFire', 'System.AssertException: Assertion Failed: could not write a test record of Contact: REQUIRED_FIELD_MISSING');
        const failing = await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(failing).toMatchObject({ status: 'Failed', numberTestErrors: '1' });
        expect(failing.details.runTestResult.failures).toEqual([
            expect.objectContaining({ name: 'NangoChangeNotifierTest', methodName: 'triggersOfEveryNotifiedObjectFire', message: expect.stringContaining('REQUIRED_FIELD_MISSING'), stackTrace: expect.stringMatching(/^Class\.NangoChangeNotifierTest\.triggersOfEveryNotifiedObjectFire: line \d+, column 1$/) })
        ]);
        expect(c.emu.apex.classes()).toEqual([]);
    });

    it('on a sandbox deploys without tests, and reports coverage without enforcing it', async () => {
        const c = await emulator('sandbox');
        const noTests = await deploy(c, { classes: { NangoChangeNotifier: NOTIFIER, NangoChangeNotifierSettings: settings(webhookUrl(c), ['Account']) }, triggers: Object.fromEntries([trigger('Account')]) }, { testLevel: 'NoTestRun' });
        expect(noTests).toMatchObject({ status: 'Succeeded', runTestsEnabled: 'false' });
        expect(c.emu.notifier.status().installed).toBe(true);
        c.emu.apex.failTest('NangoChangeNotifierTest.deliveryFailuresAreSwallowed', 'System.AssertException');
        const failing = await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(failing.status).toBe('Failed');
    });

    it('refuses a trigger on an object the org does not have, and a member missing from the zip', async () => {
        const c = await emulator('developer');
        const result = await deploy(c, { triggers: Object.fromEntries([trigger('Nope__c')]) }, { testLevel: 'NoTestRun' });
        expect(result.details.componentFailures[0]).toMatchObject({ componentType: 'ApexTrigger', problem: 'Invalid SObject type name: Nope__c' });
        const files = zipOf({ 'package.xml': manifest(['Missing'], []) });
        const started = await soap(c, `<met:deploy><met:ZipFile>${files}</met:ZipFile><met:DeployOptions><met:singlePackage>true</met:singlePackage></met:DeployOptions></met:deploy>`);
        const id = started.doc.deployResponse.result[0].id;
        const status = (await soap(c, `<met:checkDeployStatus><met:asyncProcessId>${id}</met:asyncProcessId><met:includeDetails>true</met:includeDetails></met:checkDeployStatus>`)).doc.checkDeployStatusResponse.result[0];
        expect(status.details.componentFailures[0].problem).toBe("An object 'Missing' of type ApexClass was named in package.xml, but was not found in zipped directory");
    });

    it('reports InProgress until the set number of status checks, then the outcome', async () => {
        const c = await emulator();
        c.emu.apex.setChecksToComplete(1);
        const first = await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(first).toMatchObject({ done: 'false', status: 'InProgress', success: 'false' });
        expect(first.details).toBeUndefined();
        const again = (await soap(c, `<met:checkDeployStatus><met:asyncProcessId>${first.id}</met:asyncProcessId><met:includeDetails>true</met:includeDetails></met:checkDeployStatus>`)).doc.checkDeployStatusResponse.result[0];
        expect(again).toMatchObject({ done: 'true', status: 'Succeeded' });
    });

    it('uninstalls on production: a deleted class still referenced is refused; the stub test class lets the rest go', async () => {
        const c = await emulator();
        await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        const referenced = await deploy(c, { post: { classes: ['NangoChangeNotifier', 'NangoChangeNotifierSettings'], triggers: ['NangoNotify_Account', 'NangoNotify_Contact'] } }, { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        expect(referenced.status).toBe('Failed');
        expect(referenced.details.componentFailures.map((f: any) => f.problem)).toContain('This apex class is referenced elsewhere in salesforce.com. Remove the usage and try again.: Class.NangoChangeNotifierTest');
        expect(c.emu.notifier.status().installed).toBe(true);

        const removed = await deploy(c, { classes: { NangoChangeNotifierTest: STUB_TEST }, post: { classes: ['NangoChangeNotifier', 'NangoChangeNotifierSettings'], triggers: ['NangoNotify_Account', 'NangoNotify_Contact'] } }, { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'], ignoreWarnings: true });
        expect(removed).toMatchObject({ status: 'Succeeded' });
        expect(c.emu.apex.classes().map((k) => k.name)).toEqual(['NangoChangeNotifierTest']);
        expect(c.emu.apex.triggers()).toEqual([]);
        expect(c.emu.notifier.status().installed).toBe(false);
    });
});

describe('Remote Site Settings and callouts', () => {
    it('upserts, reads and deletes a RemoteSiteSetting; a second delete is refused', async () => {
        const c = await emulator();
        expect(await remoteSite(c)).toEqual({ created: 'true', fullName: 'Nango_Change_Notifier', success: 'true' });
        expect(await remoteSite(c)).toEqual({ created: 'false', fullName: 'Nango_Change_Notifier', success: 'true' });
        const read = await soap(c, '<met:readMetadata><met:type>RemoteSiteSetting</met:type><met:fullNames>Nango_Change_Notifier</met:fullNames><met:fullNames>Other</met:fullNames></met:readMetadata>');
        expect(read.doc.readMetadataResponse.result[0].records).toEqual([{ fullName: 'Nango_Change_Notifier', description: 'test', disableProtocolSecurity: 'false', isActive: 'true', url: c.emu.url }, '']);
        const del = await soap(c, '<met:deleteMetadata><met:type>RemoteSiteSetting</met:type><met:fullNames>Nango_Change_Notifier</met:fullNames></met:deleteMetadata>');
        expect(del.doc.deleteMetadataResponse.result[0]).toEqual({ fullName: 'Nango_Change_Notifier', success: 'true' });
        const again = await soap(c, '<met:deleteMetadata><met:type>RemoteSiteSetting</met:type><met:fullNames>Nango_Change_Notifier</met:fullNames></met:deleteMetadata>');
        expect(again.doc.deleteMetadataResponse.result[0]).toMatchObject({ success: 'false', errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'In field: fullName - no RemoteSiteSetting named Nango_Change_Notifier found' }] });
        const bad = await soap(c, '<met:upsertMetadata><met:metadata xsi:type="met:RemoteSiteSetting"><met:fullName>Bad__Name</met:fullName><met:url>https://x.example</met:url></met:metadata></met:upsertMetadata>');
        expect(bad.doc.upsertMetadataResponse.result[0]).toMatchObject({ success: 'false', errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION' }] });
    });

    it('answers a bad session with the INVALID_SESSION_ID fault', async () => {
        const c = await emulator();
        const r = await soap(c, '<met:readMetadata><met:type>RemoteSiteSetting</met:type><met:fullNames>X</met:fullNames></met:readMetadata>', 'wrong');
        expect(r.status).toBe(500);
        expect(r.doc.Fault.faultcode).toBe('sf:INVALID_SESSION_ID');
    });

    it('fails the deployed notifier\'s callouts without an active Remote Site Setting for the webhook host, and makes them with one', async () => {
        const c = await emulator();
        await deploy(c, notifierPackage(webhookUrl(c)), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        c.emu.org.insert('Account', { Name: 'No remote site' });
        await c.emu.notifier.idle();
        expect(c.emu.notifier.sent().at(-1)).toMatchObject({ status: null, error: `System.CalloutException: Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = ${webhookUrl(c)}` });
        expect(c.emu.webhooks.received()).toEqual([]);
        await remoteSite(c, c.emu.url, false);
        c.emu.org.insert('Account', { Name: 'Inactive remote site' });
        await c.emu.notifier.idle();
        expect(c.emu.notifier.sent().at(-1)?.error).toContain('Unauthorized endpoint');
        await remoteSite(c, c.emu.url, true);
        const account = c.emu.org.insert('Account', { Name: 'Remote site' });
        await c.emu.notifier.idle();
        expect(c.emu.notifier.sent().at(-1)).toMatchObject({ status: 200 });
        const received = c.emu.webhooks.received();
        expect(received).toHaveLength(1);
        expect(received[0]?.body).toMatchObject({ nango: { connectionId: 'salesforce-emulator', eventType: 'account.created' }, secret: SECRET, sObject: 'Account', change: 'created', records: [{ id: account['Id'] }] });
    });
});

describe('Tooling API and Organization queries', () => {
    it('lists the deployed classes and triggers by name, and tells production from sandbox and developer orgs', async () => {
        const c = await emulator();
        await deploy(c, notifierPackage(webhookUrl(c), ['Account', 'Invoice__c']), { testLevel: 'RunSpecifiedTests', runTests: ['NangoChangeNotifierTest'] });
        const classes = await c.sf(`tooling/query?q=${encodeURIComponent("SELECT Id, Name, Status, ApiVersion FROM ApexClass WHERE Name LIKE 'Nango%' ORDER BY Name")}`);
        expect(classes.status).toBe(200);
        expect(classes.body.records.map((r: any) => [r.Name, r.Status, r.ApiVersion, r.attributes.type])).toEqual([
            ['NangoChangeNotifier', 'Active', 66, 'ApexClass'],
            ['NangoChangeNotifierSettings', 'Active', 66, 'ApexClass'],
            ['NangoChangeNotifierTest', 'Active', 66, 'ApexClass']
        ]);
        const triggers = await c.sf(`tooling/query?q=${encodeURIComponent("SELECT Name, TableEnumOrId FROM ApexTrigger WHERE Name LIKE 'NangoNotify%'")}`);
        expect(triggers.body.records.map((r: any) => r.TableEnumOrId)).toEqual(['Account', expect.stringMatching(/^01I[A-Za-z0-9]{15}$/)]);
        const none = await c.sf(`tooling/query?q=${encodeURIComponent("SELECT Name FROM ApexClass WHERE Name = 'Other'")}`);
        expect(none.body).toMatchObject({ totalSize: 0, done: true, records: [] });
        const bad = await c.sf(`tooling/query?q=${encodeURIComponent('SELECT Name FROM ApexPage')}`);
        expect(bad).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_TYPE' }] });
        const org = async () => (await c.sf(`query?q=${encodeURIComponent('SELECT IsSandbox, OrganizationType FROM Organization')}`)).body.records[0];
        expect(await org()).toMatchObject({ IsSandbox: false, OrganizationType: 'Enterprise Edition' });
        c.emu.apex.setOrgType('sandbox');
        expect(await org()).toMatchObject({ IsSandbox: true, OrganizationType: 'Enterprise Edition' });
        c.emu.apex.setOrgType('developer');
        expect(await org()).toMatchObject({ IsSandbox: false, OrganizationType: 'Developer Edition' });
    });
});
