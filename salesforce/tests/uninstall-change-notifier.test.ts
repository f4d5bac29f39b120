import { describe, expect, it } from 'vitest';

import action from '../actions/uninstall-change-notifier.js';
import { unzip } from '../../emulator/src/apex/zip.js';
import { actionMock, requests, run } from './helpers.js';
import { routeSoap, soapFixture } from './notifier-fixture.js';

const NAME = 'uninstall-change-notifier';

describe('salesforce uninstall-change-notifier', () => {
    it('on production deletes triggers and classes after replacing the test class by the stub, then the remote site, and marks the metadata uninstalled', async () => {
        const nango = actionMock(NAME);
        const calls = routeSoap(nango, soapFixture(NAME));
        const output = await run(action, nango, {});
        expect(output).toEqual(await nango.getOutput());
        expect(calls).toEqual(['deploy', 'checkDeployStatus', 'readMetadata', 'deleteMetadata']);
        const deploy = String(requests(nango).find((r) => String(r['data']).includes('<met:deploy>'))?.['data']);
        expect(deploy).toContain('<met:ignoreWarnings>true</met:ignoreWarnings>');
        expect(deploy).toContain('<met:runTests>NangoChangeNotifierTest</met:runTests><met:singlePackage>true</met:singlePackage><met:testLevel>RunSpecifiedTests</met:testLevel>');
        const files = unzip(Buffer.from(/<met:ZipFile>([^<]+)<\/met:ZipFile>/.exec(deploy)?.[1] ?? '', 'base64'));
        expect(files.get('classes/NangoChangeNotifierTest.cls')?.toString()).toContain('notifierUninstalled');
        expect(files.get('destructiveChangesPost.xml')?.toString()).toContain('<members>NangoChangeNotifier</members><members>NangoChangeNotifierSettings</members><name>ApexClass</name></types><types><members>NangoNotify_Account</members><name>ApexTrigger</name></types>');
        expect(nango.updateMetadata).toHaveBeenLastCalledWith({ changeNotifier: { secret: '', objects: [], installedAt: '', webhookUrl: '' } });
    });

    it('on a sandbox deletes everything with NoTestRun', async () => {
        const nango = actionMock(NAME);
        routeSoap(nango, soapFixture(NAME));
        const output = await run(action, nango, { orgType: 'sandbox' });
        expect(output).toMatchObject({ deletedClasses: ['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest'], leftInOrg: [] });
        const deploy = String(requests(nango).find((r) => String(r['data']).includes('<met:deploy>'))?.['data']);
        expect(deploy).toContain('<met:testLevel>NoTestRun</met:testLevel>');
        expect(deploy).not.toContain('<met:runTests>');
        const files = unzip(Buffer.from(/<met:ZipFile>([^<]+)<\/met:ZipFile>/.exec(deploy)?.[1] ?? '', 'base64'));
        expect(files.get('destructiveChanges.xml')?.toString()).toContain('<members>NangoChangeNotifierTest</members>');
        expect(requests(nango).some((r) => String(r['params']?.['q'] ?? '').includes('Organization'))).toBe(false);
    });
});
