import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { checkDeployStatus, deleteRemoteSite, deploy, readRemoteSite } from '../lib/notifier/metadata-api.js';
import { UNINSTALLED, isoTime, deployFailed, deployStillRunning, deployedApex, detectOrgType, readNotifierMetadata, sessionIdOf, waitForDeploy, writeMetadata } from '../lib/notifier/notifier.js';
import { REMOTE_SITE_NAME, TEST_CLASS_NAME, uninstallPackage } from '../lib/notifier/package.js';

const Input = z.object({
    orgType: z.enum(['production', 'sandbox', 'developer']).optional().describe('production, sandbox or developer. Default: read from the Organization record (IsSandbox, OrganizationType).')
});

const Output = z.object({
    deployId: z.string().nullable().describe('Id of the deployment that deleted the Apex; null when there was none to delete.'),
    deletedTriggers: z.array(z.string()).describe('Triggers deleted from the org, e.g. ["NangoNotify_Account"].'),
    deletedClasses: z.array(z.string()).describe('Apex classes deleted from the org, e.g. ["NangoChangeNotifier"].'),
    remoteSiteDeleted: z.boolean().describe('True when this call deleted the Remote Site Setting.'),
    leftInOrg: z
        .array(z.string())
        .describe('On production: NangoChangeNotifierTest, replaced by a test that references nothing, since a deployment that deletes Apex there must run a test class that outlives it. It holds no code to cover; a later install overwrites it.')
});

const action = createAction({
    description:
        "Remove the change notifier: deletes the NangoNotify_ triggers and the notifier classes in one Metadata API deployment (on production it runs a stub test class, which stays, since Salesforce runs tests for every production deployment of Apex), then the Remote Site Setting, and marks the connection metadata uninstalled (empty secret: every notification is refused). Safe to run again: what is already gone is skipped. Its Salesforce writes are never retried automatically: after a timeout or a lost answer, call get-change-notifier-status, then run it again if something is left.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const { deploy: lastDeploy } = await readNotifierMetadata(nango);
            const session = await sessionIdOf(nango);
            if (lastDeploy?.pending) {
                const running = await checkDeployStatus(nango, session, lastDeploy.id);
                if (!running.done) throw deployStillRunning(nango, running, 'uninstall-change-notifier');
            }
            const apex = await deployedApex(nango);
            const production = (input.orgType ?? (await detectOrgType(nango))) === 'production';
            const triggers = apex.triggers.map((t) => t.name);
            const classes = apex.classes.map((c) => c.name);
            // on production the stub test class stays: it is not worth a deployment of its own (which would need another)
            const toDelete = production ? classes.filter((c) => c !== TEST_CLASS_NAME) : classes;
            let deployId: string | null = null;
            if (triggers.length > 0 || toDelete.length > 0) {
                const pkg = uninstallPackage(production, triggers, classes);
                const startedAt = new Date().toISOString();
                deployId = await deploy(
                    nango,
                    session,
                    pkg.zipBase64,
                    production ? { testLevel: 'RunSpecifiedTests', runTests: [TEST_CLASS_NAME], ignoreWarnings: true } : { testLevel: 'NoTestRun', runTests: [], ignoreWarnings: true },
                    'delete the change notifier Apex'
                );
                await writeMetadata(nango, { deploy: { id: deployId, operation: 'uninstall', startedAt, status: 'Queued', completedAt: null, problems: [] } });
                const status = await waitForDeploy(nango, session, deployId);
                if (!status.done) throw deployStillRunning(nango, status, 'uninstall-change-notifier');
                const completedAt = isoTime(status.completedDate);
                await writeMetadata(nango, { deploy: { id: deployId, operation: 'uninstall', startedAt, status: status.status, completedAt, problems: status.problems } });
                if (!status.success) throw deployFailed(nango, status, 'uninstall-change-notifier');
            }
            const site = await readRemoteSite(nango, session, REMOTE_SITE_NAME);
            let remoteSiteDeleted = false;
            if (site) {
                const deleted = await deleteRemoteSite(nango, session, REMOTE_SITE_NAME);
                if (!deleted.success) {
                    throw new nango.ActionError({
                        type: 'salesforce_error',
                        message: `uninstall-change-notifier: the Apex is gone but Salesforce refused to delete the Remote Site Setting ${REMOTE_SITE_NAME}: ${deleted.errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ')}`,
                        errorCode: deleted.errors[0]?.errorCode ?? 'DELETE_FAILED',
                        fields: [],
                        status: null,
                        errors: deleted.errors
                    });
                }
                remoteSiteDeleted = true;
            }
            await writeMetadata(nango, { notifier: UNINSTALLED });
            return {
                deployId,
                deletedTriggers: deployId ? triggers : [],
                deletedClasses: deployId ? toDelete : [],
                remoteSiteDeleted,
                leftInOrg: production && (deployId !== null || classes.includes(TEST_CLASS_NAME)) ? [TEST_CLASS_NAME] : []
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
