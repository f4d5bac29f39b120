import { createAction } from 'nango';
import { randomBytes } from 'crypto';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { parseInput, sObjectSchema } from '../lib/input/schemas.js';
import { checkDeployStatus, deploy, upsertRemoteSite } from '../lib/notifier/metadata-api.js';
import {
    MAX_OBJECTS,
    checkWebhookUrl,
    connectionIdOf,
    isoTime,
    deployFailed,
    deployStillRunning,
    deployedApex,
    detectOrgType,
    readNotifierMetadata,
    resolveObjects,
    sessionIdOf,
    waitForDeploy,
    writeMetadata
} from '../lib/notifier/notifier.js';
import { CLASS_NAMES, REMOTE_SITE_NAME, TEST_CLASS_NAME, installPackage, triggerName } from '../lib/notifier/package.js';

const orgTypeSchema = z.enum(['production', 'sandbox', 'developer']);

const Input = z.object({
    objects: z
        .array(sObjectSchema)
        .min(1)
        .max(MAX_OBJECTS)
        .describe('Objects whose changes are sent to Nango as they happen, e.g. ["Account", "Contact", "Invoice__c"] (at most 20; each must support Apex triggers). A re-install replaces the list: triggers of objects left out are removed.'),
    webhookUrl: z
        .string()
        .max(1000)
        .optional()
        .describe("URL the Apex POSTs each change notification to. Default: the webhook URL Nango gives this integration (nango.getWebhookURL()); given neither, the install is refused."),
    orgType: orgTypeSchema.optional().describe('production, sandbox or developer. Default: read from the Organization record (IsSandbox, OrganizationType).'),
    rotate: z.boolean().optional().describe('true: a new shared secret replaces the one of the previous install. Default false: a re-install keeps it.')
});

const Output = z.object({
    deployId: z.string().describe('Id of the Metadata API deployment (0Af…).'),
    status: z.string().describe('Succeeded.'),
    orgType: orgTypeSchema.describe('Kind of org deployed to: production (75% coverage required), sandbox or developer.'),
    webhookUrl: z.string().describe('Where the triggers POST their hints, e.g. "https://api.nango.dev/webhook/…".'),
    installedAt: z.string().describe('When the deployment completed (ISO 8601).'),
    objects: z.array(z.object({ sObject: z.string().describe('Object API name, e.g. "Account".'), trigger: z.string().describe('Its trigger, e.g. "NangoNotify_Account".') })).describe('Each notified object as the org spells it, and its trigger.'),
    removedTriggers: z.array(z.string()).describe('Triggers of a previous install for objects no longer notified, deleted by this deployment.'),
    classes: z.array(z.string()).describe('Apex classes deployed.'),
    remoteSite: z.object({ name: z.string().describe('Its full name, "Nango_Change_Notifier".'), url: z.string().describe('Allowed host, e.g. "https://api.nango.dev".'), created: z.boolean().describe('True when this install created it, false when it existed.') }).describe('The Remote Site Setting that allows the callouts to the webhook host.'),
    tests: z.object({ run: z.number().describe('Test methods run, e.g. 9.'), failures: z.number().describe('Test methods failed; 0 after a successful install.') }).describe('The test class run by the deployment.'),
    coverage: z.array(z.object({ name: z.string().describe('Class or trigger name, e.g. "NangoChangeNotifier".'), type: z.string().describe('"Class" or "Trigger".'), percent: z.number().nullable().describe('Lines covered, 0–100, e.g. 92; null when Salesforce gave no count.') })).describe('Code coverage of each class and trigger, as Salesforce measured it.'),
    secretRotated: z.boolean().describe('Whether a new shared secret was generated (first install or rotate). The secret itself is kept in the connection metadata only.')
});

const action = createAction({
    description:
        'Install real-time change notifications: Apex triggers on the given objects that POST a hint (object, change kind, record ids, changed fields) to Nango\'s webhook after every insert, update, delete and undelete, so syncs re-read the records at once. Creates a Remote Site Setting for the webhook host (Metadata API upsertMetadata), then deploys the classes, one trigger per object and their test class in one all-or-nothing Metadata API deployment that runs that test class (75% coverage per class and trigger on production), and waits for it. Compile errors, test failures and coverage shortfalls are listed in the error. The shared secret is generated here, kept in the connection metadata (changeNotifier) and never returned. Re-running it is safe: same names, overwritten; the secret kept unless rotate. Its Salesforce writes are never retried automatically: after a timeout or a lost answer, call get-change-notifier-status before trying again.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const requestedUrl = input.webhookUrl ?? (typeof nango.getWebhookURL === 'function' ? await nango.getWebhookURL() : null);
            if (typeof requestedUrl !== 'string' || requestedUrl.length === 0) {
                throw new InputError('is needed: Nango has no webhook URL for this integration (getWebhookURL gave none); pass the URL the Apex should POST to', 'webhookUrl');
            }
            const webhookUrl = checkWebhookUrl(requestedUrl, 'webhookUrl');
            const { notifier, deploy: lastDeploy } = await readNotifierMetadata(nango);
            const session = await sessionIdOf(nango);
            if (lastDeploy?.pending) {
                const running = await checkDeployStatus(nango, session, lastDeploy.id);
                if (!running.done) throw deployStillRunning(nango, running, 'install-change-notifier');
            }
            const objects = await resolveObjects(nango, input.objects);
            const orgType = input.orgType ?? (await detectOrgType(nango));
            const keep = notifier !== null && /^[0-9a-f]{64}$/.test(notifier.secret) && input.rotate !== true;
            const secret = keep ? notifier.secret : randomBytes(32).toString('hex');
            const settings = { webhookUrl: webhookUrl.href, connectionId: connectionIdOf(nango), secret, objects: objects.map((o) => o.name) };

            const existing = await deployedApex(nango);
            const wanted = new Set(objects.map((o) => triggerName(o.name)));
            const staleTriggers = existing.triggers.map((t) => t.name).filter((name) => !wanted.has(name));

            const site = await upsertRemoteSite(nango, session, { fullName: REMOTE_SITE_NAME, url: webhookUrl.origin, description: 'Nango change notifier: Apex callouts to the Nango webhook', isActive: true });
            if (!site.success) {
                throw new InputError(`Salesforce refused the Remote Site Setting for ${webhookUrl.origin}: ${site.errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ')}`, 'webhookUrl');
            }
            const pkg = installPackage(settings, objects, staleTriggers);
            const startedAt = new Date().toISOString();
            const deployId = await deploy(nango, session, pkg.zipBase64, { testLevel: 'RunSpecifiedTests', runTests: [TEST_CLASS_NAME], ignoreWarnings: false }, 'deploy the change notifier');
            const pending = { secret, objects: settings.objects, installedAt: '', webhookUrl: webhookUrl.href };
            await writeMetadata(nango, { deploy: { id: deployId, operation: 'install', startedAt, status: 'Queued', completedAt: null, problems: [], pending } });
            await nango.log(`change notifier: deployment ${deployId} started (${objects.length} object(s), ${orgType} org)`);

            const status = await waitForDeploy(nango, session, deployId);
            if (!status.done) throw deployStillRunning(nango, status, 'install-change-notifier');
            const completedAt = isoTime(status.completedDate);
            if (!status.success) {
                await writeMetadata(nango, { deploy: { id: deployId, operation: 'install', startedAt, status: status.status, completedAt, problems: status.problems } });
                throw deployFailed(nango, status, 'install-change-notifier');
            }
            await writeMetadata(nango, {
                notifier: { ...pending, installedAt: completedAt },
                deploy: { id: deployId, operation: 'install', startedAt, status: status.status, completedAt, problems: [] }
            });
            return {
                deployId,
                status: status.status,
                orgType,
                webhookUrl: webhookUrl.href,
                installedAt: completedAt,
                objects: objects.map((o) => ({ sObject: o.name, trigger: triggerName(o.name) })),
                removedTriggers: staleTriggers,
                classes: [...CLASS_NAMES],
                remoteSite: { name: REMOTE_SITE_NAME, url: webhookUrl.origin, created: site.created },
                tests: { run: status.testsRun, failures: status.testFailures },
                coverage: status.coverage.map((c) => ({ name: c.name, type: c.type, percent: c.percent })),
                secretRotated: !keep
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
