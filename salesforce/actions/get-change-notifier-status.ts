import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { checkDeployStatus, readRemoteSite } from '../lib/notifier/metadata-api.js';
import { deployedApex, isoTime, objectStatus, readNotifierMetadata, sessionIdOf, writeMetadata, type DeployRecord } from '../lib/notifier/notifier.js';
import { CLASS_NAMES, NOTIFIER_CLASS_NAME, REMOTE_SITE_NAME, SETTINGS_CLASS_NAME } from '../lib/notifier/package.js';

const Input = z.object({});

const problemSchema = z.object({
    kind: z.enum(['component', 'test', 'coverage', 'deployment']).describe('What failed: a component (compile error), a test, coverage below the minimum, or the deployment itself.'),
    component: z.string().nullable().describe('Class, trigger or test method concerned, e.g. "NangoNotify_Account"; null for the deployment as a whole.'),
    line: z.number().nullable().describe('Line of a compile error, e.g. 12; null otherwise.'),
    column: z.number().nullable().describe('Column of a compile error; null otherwise.'),
    problem: z.string().describe('The message Salesforce gave.')
});

const apexSchema = z.object({
    name: z.string().describe('Class or trigger name, e.g. "NangoNotify_Account".'),
    status: z.string().describe('Tooling API status, "Active" or "Inactive".'),
    apiVersion: z.number().nullable().describe('API version it is saved with, e.g. 62.'),
    lastModifiedDate: z.string().nullable().describe('ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".')
});

const Output = z.object({
    installed: z.boolean().describe('True when the connection metadata holds a secret and the org has the classes, an active trigger for every object and the Remote Site Setting.'),
    webhookUrl: z.string().nullable().describe('Where the triggers POST their hints, as given at install; null when never installed.'),
    installedAt: z.string().nullable().describe('When the last install completed, ISO 8601; null when never installed.'),
    objects: z.array(z.object({
                sObject: z.string().describe('Object API name, e.g. "Account".'),
                trigger: z.string().describe('Its trigger, e.g. "NangoNotify_Account".'),
                deployed: z.boolean().describe('True when the trigger is in the org.'),
                active: z.boolean().describe('True when the trigger is deployed and active.')
            })).describe('Each object of the last install and the state of its trigger in the org.'),
    classes: z.array(apexSchema).describe('The notifier classes found in the org (Tooling API).'),
    triggers: z.array(apexSchema.extend({ tableEnumOrId: z.string().nullable().describe('Object the trigger is on, e.g. "Account" (an id for some custom objects).') })).describe('Every NangoNotify_ trigger found in the org.'),
    remoteSite: z.object({ name: z.string().describe('Its full name, "Nango_Change_Notifier".'), url: z.string().describe('Allowed host, e.g. "https://api.nango.dev".'), isActive: z.boolean().describe('False means callouts to it fail.') }).nullable().describe('The Remote Site Setting the callouts need; null when missing.'),
    lastDeploy: z
        .object({
            id: z.string().describe('Metadata API deployment id, starts with 0Af.'),
            operation: z.enum(['install', 'uninstall']).describe('Which action started it.'),
            status: z.string().describe('Metadata API status, e.g. "Succeeded", "Failed", "InProgress".'),
            startedAt: z.string().describe('ISO 8601.'),
            completedAt: z.string().nullable().describe('ISO 8601; null while it runs.'),
            problems: z.array(problemSchema).describe('Compile errors, test failures and coverage shortfalls of that deployment.')
        })
        .nullable()
        .describe('The last deployment started by install or uninstall, with its outcome as Salesforce reports it now.'),
    warnings: z.array(z.string()).describe('What does not add up, e.g. a trigger missing or the Remote Site Setting gone (callouts then fail).')
});

const action = createAction({
    description:
        "Report what the change notifier has in the org: the Nango Apex classes and NangoNotify_ triggers (Tooling API), the Remote Site Setting (Metadata API readMetadata), each object's trigger, and the last deployment with its compile errors, test failures and coverage. Call it after install-change-notifier or uninstall-change-notifier timed out or lost its answer: it reads the deployment's outcome from Salesforce, and when an install's deployment has succeeded since, it completes the install (saves the connection metadata). Reads only, besides that.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const { notifier, deploy } = await readNotifierMetadata(nango);
            const session = await sessionIdOf(nango);
            let current = notifier;
            let lastDeploy: DeployRecord | null = deploy;
            if (deploy && (deploy.pending || !['Succeeded', 'SucceededPartial', 'Failed', 'Canceled'].includes(deploy.status))) {
                const status = await checkDeployStatus(nango, session, deploy.id);
                const { pending, ...rest } = deploy;
                lastDeploy = { ...rest, status: status.status, completedAt: status.done ? isoTime(status.completedDate) : null, problems: status.problems, ...(status.done ? {} : pending ? { pending } : {}) };
                if (status.done) {
                    const finished = status.success && pending ? { ...pending, installedAt: lastDeploy.completedAt ?? '' } : undefined;
                    await writeMetadata(nango, { deploy: lastDeploy, ...(finished ? { notifier: finished } : {}) });
                    if (finished) {
                        current = finished;
                        await nango.log(`change notifier: deployment ${deploy.id} has succeeded since the install stopped waiting; install completed`);
                    }
                }
            }
            const apex = await deployedApex(nango);
            const site = await readRemoteSite(nango, session, REMOTE_SITE_NAME);
            const hasSecret = current !== null && current.secret.length > 0;
            const objects = objectStatus(hasSecret ? current?.objects ?? [] : [], apex.triggers);
            const warnings: string[] = [];
            const present = new Set(apex.classes.map((c) => c.name));
            const missingClasses = CLASS_NAMES.filter((c) => !present.has(c));
            if (hasSecret) {
                if (missingClasses.length > 0) warnings.push(`classes missing from the org: ${missingClasses.join(', ')}`);
                for (const o of objects) if (!o.active) warnings.push(`${o.sObject}: trigger ${o.trigger} is ${o.deployed ? 'inactive' : 'missing'}`);
                if (!site) warnings.push(`the Remote Site Setting ${REMOTE_SITE_NAME} is missing: every callout to the webhook fails`);
                else if (!site.isActive) warnings.push(`the Remote Site Setting ${REMOTE_SITE_NAME} is inactive: every callout to the webhook fails`);
                else if (current && new URL(current.webhookUrl).origin !== new URL(site.url).origin) warnings.push(`the Remote Site Setting allows ${site.url}, not the webhook host ${new URL(current.webhookUrl).origin}`);
            } else if (present.has(NOTIFIER_CLASS_NAME) || present.has(SETTINGS_CLASS_NAME) || apex.triggers.length > 0) {
                warnings.push('notifier Apex is in the org but the connection metadata holds no secret: its notifications are refused; install again (or uninstall)');
            }
            const installed = hasSecret && missingClasses.length === 0 && objects.every((o) => o.active) && site !== null && site.isActive;
            return {
                installed,
                webhookUrl: hasSecret ? current?.webhookUrl ?? null : null,
                installedAt: hasSecret && current?.installedAt ? current.installedAt : null,
                objects,
                classes: apex.classes.map(({ name, status, apiVersion, lastModifiedDate }) => ({ name, status, apiVersion, lastModifiedDate })),
                triggers: apex.triggers.map(({ name, status, apiVersion, lastModifiedDate, tableEnumOrId }) => ({ name, status, apiVersion, lastModifiedDate, tableEnumOrId: tableEnumOrId ?? null })),
                remoteSite: site ? { name: site.fullName, url: site.url, isActive: site.isActive } : null,
                lastDeploy: lastDeploy
                    ? { id: lastDeploy.id, operation: lastDeploy.operation, status: lastDeploy.status, startedAt: lastDeploy.startedAt, completedAt: lastDeploy.completedAt, problems: lastDeploy.problems ?? [] }
                    : null,
                warnings
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
