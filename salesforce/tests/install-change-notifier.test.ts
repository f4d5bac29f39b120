import { describe, expect, it } from 'vitest';

import action from '../actions/install-change-notifier.js';
import { unzip } from '../../emulator/src/apex/zip.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';
import { routeSoap, soapFixture } from './notifier-fixture.js';

const NAME = 'install-change-notifier';

function mock(answers: Record<string, string[]> = {}) {
    const nango = actionMock(NAME);
    (nango as unknown as { connectionId: string }).connectionId = 'test-connection';
    const soap = soapFixture(NAME);
    const calls = routeSoap(nango, { upsertMetadata: soap['upsertMetadata'] ?? [], deploy: soap['deploy'] ?? [], checkDeployStatus: soap['checkDeployStatus'] ?? [], ...answers });
    return { nango, calls };
}

const updates = (nango: ReturnType<typeof actionMock>): Array<Record<string, any>> => (nango.updateMetadata.mock.calls as unknown as unknown[][]).map((c) => c[0] as Record<string, any>);

describe('salesforce install-change-notifier', () => {
    it('creates the remote site, deploys classes and triggers with the test class, and saves the secret in the metadata only', async () => {
        const { nango, calls } = mock();
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(calls).toEqual(['upsertMetadata', 'deploy', 'checkDeployStatus']);
        const [pending, done] = updates(nango);
        const secret = pending?.['changeNotifierDeploy'].pending.secret as string;
        expect(secret).toMatch(/^[0-9a-f]{64}$/);
        expect(pending).toEqual({ changeNotifierDeploy: { id: '0Af5g00000Dep01CAA', operation: 'install', startedAt: expect.any(String), status: 'Queued', completedAt: null, problems: [], pending: { secret, objects: ['Account', 'Contact'], installedAt: '', webhookUrl: 'https://example.com/webhook' } } });
        expect(done).toEqual({
            changeNotifier: { secret, objects: ['Account', 'Contact'], installedAt: '2026-12-01T10:00:05.000Z', webhookUrl: 'https://example.com/webhook' },
            changeNotifierDeploy: { id: '0Af5g00000Dep01CAA', operation: 'install', startedAt: expect.any(String), status: 'Succeeded', completedAt: '2026-12-01T10:00:05.000Z', problems: [] }
        });
        expect(JSON.stringify(output)).not.toContain(secret);
        expect(JSON.stringify(nango.log.mock.calls)).not.toContain(secret);
    });

    it('sends the writes once (never retried) and the deployment package with the settings, one trigger per object and the stale trigger deleted', async () => {
        const { nango } = mock();
        await run(action, nango, await nango.getInput());
        const soap = requests(nango).filter((r) => r['endpoint'] === '/services/Soap/m/66.0');
        expect(soap.map((r) => r['retries'])).toEqual([0, 0, 3]);
        expect(soap[0]?.['data']).toContain('<met:metadata xsi:type="met:RemoteSiteSetting"><met:fullName>Nango_Change_Notifier</met:fullName>');
        expect(soap[0]?.['data']).toContain('<met:url>https://example.com</met:url>');
        const deploy = String(soap[1]?.['data']);
        expect(deploy).toContain('<met:rollbackOnError>true</met:rollbackOnError><met:runTests>NangoChangeNotifierTest</met:runTests><met:singlePackage>true</met:singlePackage><met:testLevel>RunSpecifiedTests</met:testLevel>');
        expect(deploy).toContain('<met:sessionId>00D5g000004XyZ1!AQ4AQTOKEN</met:sessionId>');
        const files = unzip(Buffer.from(/<met:ZipFile>([^<]+)<\/met:ZipFile>/.exec(deploy)?.[1] ?? '', 'base64'));
        expect([...files.keys()].sort()).toEqual(
            ['package.xml', 'destructiveChangesPost.xml', ...['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest'].flatMap((c) => [`classes/${c}.cls`, `classes/${c}.cls-meta.xml`]), ...['Account', 'Contact'].flatMap((o) => [`triggers/NangoNotify_${o}.trigger`, `triggers/NangoNotify_${o}.trigger-meta.xml`])].sort()
        );
        const secret = updates(nango)[0]?.['changeNotifierDeploy'].pending.secret;
        const settings = files.get('classes/NangoChangeNotifierSettings.cls')?.toString() ?? '';
        expect(settings).toContain("WEBHOOK_URL = 'https://example.com/webhook';");
        expect(settings).toContain("CONNECTION_ID = 'test-connection';");
        expect(settings).toContain(`SECRET = '${secret}';`);
        expect(settings).toContain("OBJECTS = new List<String>{ 'Account', 'Contact' };");
        expect(files.get('destructiveChangesPost.xml')?.toString()).toContain('<members>NangoNotify_Task</members><name>ApexTrigger</name>');
        expect(files.get('triggers/NangoNotify_Contact.trigger')?.toString()).toContain('trigger NangoNotify_Contact on Contact (after insert, after update, after delete, after undelete)');
    });

    it('keeps the secret of a previous install unless rotate', async () => {
        const previous = { secret: 'b'.repeat(64), objects: ['Account'], installedAt: '2026-11-01T00:00:00.000Z', webhookUrl: 'https://example.com/webhook' };
        const { nango } = mock();
        nango.getMetadata.mockResolvedValue({ changeNotifier: previous } as never);
        const output = await run(action, nango, { objects: ['Account'] });
        expect(output.secretRotated).toBe(false);
        expect(updates(nango)[1]?.['changeNotifier'].secret).toBe(previous.secret);
        const again = mock();
        again.nango.getMetadata.mockResolvedValue({ changeNotifier: previous } as never);
        const rotated = await run(action, again.nango, { objects: ['Account'], rotate: true });
        expect(rotated.secretRotated).toBe(true);
        expect(updates(again.nango)[1]?.['changeNotifier'].secret).not.toBe(previous.secret);
    });

    it('lists every compile error, test failure and coverage shortfall of a failed deployment, and leaves changeNotifier as it was', async () => {
        const { nango } = mock({ checkDeployStatus: soapFixture(NAME)['failedCheck'] ?? [] });
        const error = await actionErrorOf(run(action, nango, await nango.getInput()));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DEPLOY_FAILED', deployId: '0Af5g00000Dep01CAA' });
        expect(error.errors).toEqual([
            { errorCode: 'COMPILE_ERROR', message: 'ApexClass NangoChangeNotifier (line 42, column 17): Variable does not exist: Limits2', fields: [] },
            { errorCode: 'TEST_FAILURE', message: 'NangoChangeNotifierTest.triggersOfEveryNotifiedObjectFire (line 231, column 1): System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Phone & Email are required', fields: [] },
            { errorCode: 'CODE_COVERAGE', message: 'NangoNotify_Contact: Test coverage of selected Apex Trigger is 0%, at least 75% test coverage is required', fields: [] }
        ]);
        expect(error['problems']).toEqual([
            { kind: 'component', component: 'ApexClass NangoChangeNotifier', line: 42, column: 17, problem: 'Variable does not exist: Limits2' },
            { kind: 'test', component: 'NangoChangeNotifierTest.triggersOfEveryNotifiedObjectFire', line: 231, column: 1, problem: expect.stringContaining('Phone & Email are required') },
            { kind: 'coverage', component: 'NangoNotify_Contact', line: null, column: null, problem: 'Test coverage of selected Apex Trigger is 0%, at least 75% test coverage is required' }
        ]);
        const written = updates(nango);
        expect(written).toHaveLength(2);
        expect(written[1]).toEqual({ changeNotifierDeploy: expect.objectContaining({ status: 'Failed', problems: error['problems'] }) });
        expect(written.some((w) => 'changeNotifier' in w)).toBe(false);
    });

    it('refuses to start while the last deployment of an install is still running, without writing anything', async () => {
        const { nango, calls } = mock({ checkDeployStatus: soapFixture(NAME)['inProgress'] ?? [] });
        nango.getMetadata.mockResolvedValue({ changeNotifierDeploy: { id: '0Af5g00000Dep01CAA', operation: 'install', startedAt: '', status: 'Queued', completedAt: null, problems: [], pending: { secret: 'c'.repeat(64), objects: [], installedAt: '', webhookUrl: '' } } } as never);
        const error = await actionErrorOf(run(action, nango, { objects: ['Account'] }));
        expect(error).toMatchObject({ errorCode: 'DEPLOY_IN_PROGRESS', deployId: '0Af5g00000Dep01CAA' });
        expect(error.message).toContain('call get-change-notifier-status');
        expect(calls).toEqual(['checkDeployStatus']);
        expect(nango.updateMetadata).not.toHaveBeenCalled();
    });

    it('reports a SOAP fault of the Metadata API as unauthorized and deploys nothing', async () => {
        const { nango, calls } = mock({ upsertMetadata: soapFixture(NAME)['fault'] ?? [] });
        const error = await actionErrorOf(run(action, nango, await nango.getInput()));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 500 });
        expect(calls).toEqual(['upsertMetadata']);
    });

    it('refuses objects the org does not have or that take no triggers, before any write', async () => {
        const { nango, calls } = mock();
        const error = await actionErrorOf(run(action, nango, { objects: ['Account', 'Nope__c', 'LeadStatus'] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['objects.1', 'objects.2'] });
        expect(calls).toEqual([]);
    });

    it('without webhookUrl and no webhook URL from Nango, refuses clearly', async () => {
        const { nango } = mock();
        nango.getWebhookURL.mockReturnValue(null as never);
        const error = await actionErrorOf(run(action, nango, { objects: ['Account'] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['webhookUrl'] });
        expect(error.message).toContain('getWebhookURL');
        expect(requestCount(nango)).toBe(0);
    });

    it.each([
        ['no objects', { objects: [] }, 'objects'],
        ['21 objects', { objects: Array.from({ length: 21 }, (_, i) => `Obj${i}__c`) }, 'objects'],
        ['an object name with a quote', { objects: ["Account' OR"] }, 'objects.0'],
        ['a webhook URL that is not http', { objects: ['Account'], webhookUrl: 'ftp://example.com/x' }, 'webhookUrl'],
        ['a webhook URL with credentials', { objects: ['Account'], webhookUrl: 'https://u:p@example.com/x' }, 'webhookUrl'],
        ['an unknown orgType', { objects: ['Account'], orgType: 'scratch' }, 'orgType']
    ])('refuses %s before any request', async (_label, input, field) => {
        const { nango } = mock();
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input' });
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
