/**
 * The change-notifier actions through their compiled bundles against the emulator: install on production and on a
 * sandbox, a failed deployment's errors, an idempotent re-run, status and uninstall, and the installed notifier
 * POSTing the contract's envelope to the Nango webhook.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
});

async function org(orgType: 'production' | 'sandbox' | 'developer' = 'production'): Promise<EmulatorHandle> {
    emulator = await startEmulator({ seed: 3, volume: 5, proxyRetryBaseMs: 1, orgType });
    return emulator;
}

async function action(emu: EmulatorHandle, name: string, input: unknown): Promise<RunResult> {
    const result = await runFunction(name, { hostport: emu.url, connectionId: emu.connectionId, input, validate: true });
    expect(result.invalid, `${name} input/output must match its schema`).toEqual([]);
    return result;
}


async function readMetadata(emu: EmulatorHandle): Promise<Record<string, any>> {
    const res = await fetch(`${emu.url}/connection/${emu.connectionId}?provider_config_key=salesforce`, { headers: { Authorization: 'Bearer emulator-secret-key' } });
    return ((await res.json()) as { metadata: Record<string, any> }).metadata;
}

describe('install-change-notifier', () => {
    it('installs on production: remote site, classes, one trigger per object, tests run; the secret stays in the connection metadata', async () => {
        const emu = await org('production');
        const result = await action(emu, 'install-change-notifier', { objects: ['Account', 'contact', 'Invoice__c'] });
        expect(result.error).toBeUndefined();
        const out = result.output as any;
        expect(out).toMatchObject({
            status: 'Succeeded',
            orgType: 'production',
            webhookUrl: expect.stringMatching(/\/webhook\/[^/]+\/salesforce$/),
            objects: [
                { sObject: 'Account', trigger: 'NangoNotify_Account' },
                { sObject: 'Contact', trigger: 'NangoNotify_Contact' },
                { sObject: 'Invoice__c', trigger: expect.stringMatching(/^NangoNotify_Invoice_c_[0-9a-f]{6}$/) }
            ],
            removedTriggers: [],
            remoteSite: { name: 'Nango_Change_Notifier', url: emu.url, created: true },
            tests: { run: 9, failures: 0 },
            secretRotated: true
        });
        expect(out.coverage.every((c: { percent: number }) => c.percent === 100)).toBe(true);
        const meta = (await readMetadata(emu))['changeNotifier'];
        expect(meta).toEqual({ secret: expect.stringMatching(/^[0-9a-f]{64}$/), objects: ['Account', 'Contact', 'Invoice__c'], installedAt: out.installedAt, webhookUrl: out.webhookUrl });
        expect(JSON.stringify(out)).not.toContain(meta.secret);
        expect(result.logs.join('\n')).not.toContain(meta.secret);
        expect(emu.notifier.status()).toEqual({ installed: true, objects: ['Account', 'Contact', 'Invoice__c'], url: out.webhookUrl, connectionId: emu.connectionId });

        // the deployed notifier POSTs the contract's envelope, with the secret of the metadata, to the Nango webhook
        const contact = emu.org.insert('Contact', { LastName: 'Notified' });
        await emu.notifier.idle();
        const received = emu.webhooks.received();
        expect(received).toHaveLength(1);
        expect(received[0]?.body).toMatchObject({ nango: { connectionId: emu.connectionId, eventType: 'contact.created' }, secret: meta.secret, sObject: 'Contact', change: 'created', records: [{ id: contact['Id'], changedFields: [] }] });
    });

    it('is idempotent: a re-run keeps the names and the secret, removes the triggers of objects left out, and rotate makes a new secret', async () => {
        const emu = await org('production');
        await action(emu, 'install-change-notifier', { objects: ['Account', 'Contact'] });
        const first = (await readMetadata(emu))['changeNotifier'];
        const ids = emu.apex.classes().map((c) => c.id);
        const again = await action(emu, 'install-change-notifier', { objects: ['Account'] });
        expect(again.output).toMatchObject({ status: 'Succeeded', removedTriggers: ['NangoNotify_Contact'], remoteSite: { created: false }, secretRotated: false });
        expect((await readMetadata(emu))['changeNotifier']).toMatchObject({ secret: first.secret, objects: ['Account'] });
        expect(emu.apex.classes().map((c) => c.id)).toEqual(ids);
        expect(emu.apex.triggers().map((t) => t.name)).toEqual(['NangoNotify_Account']);
        expect(emu.apex.remoteSites()).toHaveLength(1);
        const rotated = await action(emu, 'install-change-notifier', { objects: ['Account'], rotate: true });
        expect(rotated.output).toMatchObject({ secretRotated: true });
        const secret = (await readMetadata(emu))['changeNotifier'].secret;
        expect(secret).not.toBe(first.secret);
        emu.org.insert('Account', { Name: 'After rotation' });
        await emu.notifier.idle();
        expect(emu.webhooks.received().at(-1)?.body).toMatchObject({ secret });
    });

    it('installs on a sandbox and a developer org (the same deployment, tests run too)', async () => {
        for (const type of ['sandbox', 'developer'] as const) {
            const emu = await org(type);
            const result = await action(emu, 'install-change-notifier', { objects: ['Lead'] });
            expect(result.output).toMatchObject({ status: 'Succeeded', orgType: type, tests: { run: 9, failures: 0 } });
            expect(emu.notifier.status().objects).toEqual(['Lead']);
            await emu.stop();
            emulator = undefined;
        }
    });

    it('reports a failed deployment with every failure, keeps the previous install and records the errors for status', async () => {
        const emu = await org('production');
        await action(emu, 'install-change-notifier', { objects: ['Account'] });
        const before = (await readMetadata(emu))['changeNotifier'];
        emu.apex.failTest('NangoChangeNotifierTest.triggersOfEveryNotifiedObjectFire', 'System.AssertException: Assertion Failed: could not write a test record of Contact: FIELD_CUSTOM_VALIDATION_EXCEPTION, Phone is required');
        const failed = await action(emu, 'install-change-notifier', { objects: ['Account', 'Contact'] });
        expect(failed.error?.payload).toMatchObject({
            type: 'salesforce_error',
            errorCode: 'DEPLOY_FAILED',
            deployId: expect.stringMatching(/^0Af/),
            errors: [{ errorCode: 'TEST_FAILURE', message: expect.stringMatching(/^NangoChangeNotifierTest\.triggersOfEveryNotifiedObjectFire \(line \d+, column 1\): System\.AssertException: .*Phone is required$/) }],
            problems: [{ kind: 'test', component: 'NangoChangeNotifierTest.triggersOfEveryNotifiedObjectFire', line: expect.any(Number), column: 1, problem: expect.stringContaining('Phone is required') }]
        });
        expect(failed.error?.payload.message).toContain('rolled the whole deployment back');
        expect((await readMetadata(emu))['changeNotifier']).toEqual(before);
        expect(emu.apex.triggers().map((t) => t.name)).toEqual(['NangoNotify_Account']);
        const status = await action(emu, 'get-change-notifier-status', {});
        expect(status.output).toMatchObject({ installed: true, lastDeploy: { operation: 'install', status: 'Failed', problems: [{ kind: 'test' }] } });
    });

    it('refuses objects the org does not have or that take no triggers, before any write', async () => {
        const emu = await org('production');
        emu.resetStats();
        const result = await action(emu, 'install-change-notifier', { objects: ['Account', 'Nope__c', 'LeadStatus'] });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['objects.1', 'objects.2'] });
        expect(emu.apex.remoteSites()).toEqual([]);
        expect(emu.stats().log.filter((l) => l.method === 'POST')).toEqual([]);
    });
});

describe('get-change-notifier-status and uninstall-change-notifier', () => {
    it('on production: status per object, uninstall deletes all but the stub test class, clears the metadata, and runs again safely', async () => {
        const emu = await org('production');
        await action(emu, 'install-change-notifier', { objects: ['Account', 'Contact'] });
        const status = (await action(emu, 'get-change-notifier-status', {})).output as any;
        expect(status).toMatchObject({
            installed: true,
            objects: [
                { sObject: 'Account', trigger: 'NangoNotify_Account', deployed: true, active: true },
                { sObject: 'Contact', trigger: 'NangoNotify_Contact', deployed: true, active: true }
            ],
            remoteSite: { name: 'Nango_Change_Notifier', url: emu.url, isActive: true },
            lastDeploy: { operation: 'install', status: 'Succeeded', problems: [] },
            warnings: []
        });
        expect(status.classes.map((c: { name: string }) => c.name)).toEqual(['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest']);

        const removed = await action(emu, 'uninstall-change-notifier', {});
        expect(removed.output).toMatchObject({ deployId: expect.stringMatching(/^0Af/), deletedTriggers: ['NangoNotify_Account', 'NangoNotify_Contact'], deletedClasses: ['NangoChangeNotifier', 'NangoChangeNotifierSettings'], remoteSiteDeleted: true, leftInOrg: ['NangoChangeNotifierTest'] });
        expect(emu.notifier.status().installed).toBe(false);
        expect((await readMetadata(emu))['changeNotifier']).toEqual({ secret: '', objects: [], installedAt: '', webhookUrl: '' });
        expect(emu.apex.classes().map((c) => c.name)).toEqual(['NangoChangeNotifierTest']);
        expect(emu.apex.remoteSites()).toEqual([]);
        const after = (await action(emu, 'get-change-notifier-status', {})).output as any;
        expect(after).toMatchObject({ installed: false, objects: [], triggers: [], remoteSite: null, lastDeploy: { operation: 'uninstall', status: 'Succeeded' }, warnings: [] });
        const again = await action(emu, 'uninstall-change-notifier', {});
        expect(again.output).toEqual({ deployId: null, deletedTriggers: [], deletedClasses: [], remoteSiteDeleted: false, leftInOrg: ['NangoChangeNotifierTest'] });
        // a later install overwrites the stub
        const reinstalled = await action(emu, 'install-change-notifier', { objects: ['Account'] });
        expect(reinstalled.output).toMatchObject({ status: 'Succeeded' });
    });

    it('on a sandbox: uninstall deletes everything without a test run', async () => {
        const emu = await org('sandbox');
        await action(emu, 'install-change-notifier', { objects: ['Account'] });
        const removed = await action(emu, 'uninstall-change-notifier', {});
        expect(removed.output).toMatchObject({ deletedClasses: ['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest'], leftInOrg: [] });
        expect(emu.apex.classes()).toEqual([]);
        expect(emu.apex.triggers()).toEqual([]);
    });

    it('status warns when the Remote Site Setting is gone: the callouts then fail', async () => {
        const emu = await org('production');
        await action(emu, 'install-change-notifier', { objects: ['Account'] });
        const res = await fetch(`${emu.url}/services/Soap/m/66.0`, {
            method: 'POST',
            headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
            body: `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://soap.sforce.com/2006/04/metadata"><e:Header><m:SessionHeader><m:sessionId>${emu.accessToken}</m:sessionId></m:SessionHeader></e:Header><e:Body><m:deleteMetadata><m:type>RemoteSiteSetting</m:type><m:fullNames>Nango_Change_Notifier</m:fullNames></m:deleteMetadata></e:Body></e:Envelope>`
        });
        expect(res.status).toBe(200);
        const status = (await action(emu, 'get-change-notifier-status', {})).output as any;
        expect(status).toMatchObject({ installed: false, remoteSite: null, warnings: ['the Remote Site Setting Nango_Change_Notifier is missing: every callout to the webhook fails'] });
        emu.org.insert('Account', { Name: 'Lost' });
        await emu.notifier.idle();
        expect(emu.notifier.sent().at(-1)?.error).toContain('Unauthorized endpoint');
    });
});


