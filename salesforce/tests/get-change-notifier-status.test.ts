import { describe, expect, it } from 'vitest';

import action from '../actions/get-change-notifier-status.js';
import { actionMock, run } from './helpers.js';
import { routeSoap, soapFixture } from './notifier-fixture.js';

const NAME = 'get-change-notifier-status';

describe('salesforce get-change-notifier-status', () => {
    it('reads the outcome of an install that stopped waiting, completes it, and reports classes, triggers and remote site', async () => {
        const nango = actionMock(NAME);
        const soap = soapFixture(NAME);
        const calls = routeSoap(nango, { checkDeployStatus: soap['checkDeployStatus'] ?? [], readMetadata: soap['readMetadata'] ?? [] });
        const output = await run(action, nango, {});
        expect(calls).toEqual(['checkDeployStatus', 'readMetadata']);
        expect(nango.updateMetadata).toHaveBeenCalledWith({
            changeNotifier: { secret: 'a'.repeat(64), objects: ['Account'], installedAt: '2026-12-01T10:00:05.000Z', webhookUrl: 'https://example.com/webhook' },
            changeNotifierDeploy: { id: '0Af5g00000Dep01CAA', operation: 'install', startedAt: '2026-12-01T10:00:00.000Z', status: 'Succeeded', completedAt: '2026-12-01T10:00:05.000Z', problems: [] }
        });
        expect(output).toMatchObject({
            installed: true,
            webhookUrl: 'https://example.com/webhook',
            objects: [{ sObject: 'Account', trigger: 'NangoNotify_Account', deployed: true, active: true }],
            remoteSite: { name: 'Nango_Change_Notifier', url: 'https://example.com', isActive: true },
            lastDeploy: { id: '0Af5g00000Dep01CAA', status: 'Succeeded' },
            warnings: []
        });
        expect(output.classes.map((c: { name: string }) => c.name)).toEqual(['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest']);
        expect(JSON.stringify(output)).not.toContain('a'.repeat(64));
    });

    it('warns that callouts fail when the Remote Site Setting is missing, and makes no write for a finished deployment', async () => {
        const nango = actionMock(NAME);
        const soap = soapFixture(NAME);
        nango.getMetadata.mockResolvedValue({
            changeNotifier: { secret: 'a'.repeat(64), objects: ['Account', 'Contact'], installedAt: '2026-12-01T10:00:05.000Z', webhookUrl: 'https://example.com/webhook' },
            changeNotifierDeploy: { id: '0Af5g00000Dep01CAA', operation: 'install', startedAt: '', status: 'Succeeded', completedAt: '', problems: [] }
        } as never);
        const calls = routeSoap(nango, { readMetadata: soap['readNone'] ?? [] });
        const output = await run(action, nango, {});
        expect(calls).toEqual(['readMetadata']);
        expect(nango.updateMetadata).not.toHaveBeenCalled();
        expect(output.installed).toBe(false);
        expect(output.warnings).toEqual(['Contact: trigger NangoNotify_Contact is missing', 'the Remote Site Setting Nango_Change_Notifier is missing: every callout to the webhook fails']);
    });
});
