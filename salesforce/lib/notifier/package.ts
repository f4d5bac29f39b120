/**
 * The Apex of the change notifier as a Metadata API package: names, the settings class and triggers rendered for
 * one install, package.xml / destructiveChanges manifests, and the .zip that deploy() receives.
 */
import { createHash } from 'crypto';

import { NOTIFIER_CLASS, SETTINGS_CLASS_TEMPLATE, TEST_CLASS, TRIGGER_TEMPLATE, UNINSTALLED_TEST_CLASS } from './apex.js';
import { METADATA_API_VERSION } from './metadata-api.js';
import { base64, zip, type ZipEntry } from './zip.js';

export const NOTIFIER_CLASS_NAME = 'NangoChangeNotifier';
export const SETTINGS_CLASS_NAME = 'NangoChangeNotifierSettings';
export const TEST_CLASS_NAME = 'NangoChangeNotifierTest';
export const CLASS_NAMES = [NOTIFIER_CLASS_NAME, SETTINGS_CLASS_NAME, TEST_CLASS_NAME] as const;
export const TRIGGER_PREFIX = 'NangoNotify_';
/** fullName of the Remote Site Setting that lets the Apex call the webhook host. */
export const REMOTE_SITE_NAME = 'Nango_Change_Notifier';
/** Longest class or trigger name we generate (kept to 40 characters, the classic Apex name length). */
const MAX_NAME = 40;

/**
 * Name of the trigger of one object: `NangoNotify_Account`. Names of custom or namespaced objects (whose `__` an Apex
 * name may not contain) and names that would pass 40 characters get a hash of the object name instead of the rest,
 * so that two objects never share a trigger: `NangoNotify_Invoice_c_3f2a9c`.
 */
export function triggerName(sObject: string): string {
    const plain = `${TRIGGER_PREFIX}${sObject}`;
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(sObject) && plain.length <= MAX_NAME) return plain;
    const hash = createHash('sha256').update(sObject.toLowerCase()).digest('hex').slice(0, 6);
    const base = sObject.replace(/_+/g, '_').replace(/_$/, '').slice(0, MAX_NAME - TRIGGER_PREFIX.length - hash.length - 1).replace(/_$/, '');
    return `${TRIGGER_PREFIX}${base}_${hash}`;
}

/** An Apex string literal: quotes, backslashes and line breaks escaped. */
export function apexString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

export interface NotifierSettings {
    webhookUrl: string;
    connectionId: string;
    secret: string;
    objects: string[];
}

export function renderSettingsClass(settings: NotifierSettings): string {
    return SETTINGS_CLASS_TEMPLATE.replace("'{{WEBHOOK_URL}}'", () => apexString(settings.webhookUrl))
        .replace("'{{CONNECTION_ID}}'", () => apexString(settings.connectionId))
        .replace("'{{SECRET}}'", () => apexString(settings.secret))
        .replace("'{{OBJECTS}}'", () => settings.objects.map(apexString).join(', '));
}

export interface NotifiedObject {
    /** API name as the org spells it. */
    name: string;
    /** Whether records of the object can be undeleted (describe's undeletable): only then an after undelete event. */
    undeletable: boolean;
}

export function renderTrigger(object: NotifiedObject): string {
    const events = object.undeletable ? 'after insert, after update, after delete, after undelete' : 'after insert, after update, after delete';
    return TRIGGER_TEMPLATE.replace('NangoNotify_NangoObject on NangoObject (after insert, after update, after delete, after undelete)', () => `${triggerName(object.name)} on ${object.name} (${events})`);
}

const MD_NS = 'http://soap.sforce.com/2006/04/metadata';
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function manifest(types: { ApexClass?: string[]; ApexTrigger?: string[] }, withVersion: boolean): string {
    const parts = (['ApexClass', 'ApexTrigger'] as const)
        .filter((type) => (types[type] ?? []).length > 0)
        .map((type) => `<types>${[...(types[type] ?? [])].sort().map((m) => `<members>${escape(m)}</members>`).join('')}<name>${type}</name></types>`);
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${MD_NS}">${parts.join('')}${withVersion ? `<version>${METADATA_API_VERSION}</version>` : ''}</Package>\n`;
}

const classMeta = `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="${MD_NS}"><apiVersion>${METADATA_API_VERSION}</apiVersion><status>Active</status></ApexClass>\n`;
const triggerMeta = `<?xml version="1.0" encoding="UTF-8"?>\n<ApexTrigger xmlns="${MD_NS}"><apiVersion>${METADATA_API_VERSION}</apiVersion><status>Active</status></ApexTrigger>\n`;

function classEntries(name: string, body: string): ZipEntry[] {
    return [
        { name: `classes/${name}.cls`, content: body },
        { name: `classes/${name}.cls-meta.xml`, content: classMeta }
    ];
}

export interface BuiltPackage {
    zipBase64: string;
    /** Every file of the archive, for tests and logs. */
    files: string[];
}

function build(entries: ZipEntry[]): BuiltPackage {
    return { zipBase64: base64(zip(entries)), files: entries.map((e) => e.name) };
}

/**
 * The install package: the three classes and one trigger per object; triggers of objects no longer notified are
 * deleted after the rest is deployed (destructiveChangesPost.xml), in the same all-or-nothing deployment.
 */
export function installPackage(settings: NotifierSettings, objects: NotifiedObject[], staleTriggers: string[]): BuiltPackage {
    const triggers = objects.map((o) => triggerName(o.name));
    const entries: ZipEntry[] = [
        { name: 'package.xml', content: manifest({ ApexClass: [...CLASS_NAMES], ApexTrigger: triggers }, true) },
        ...classEntries(NOTIFIER_CLASS_NAME, NOTIFIER_CLASS),
        ...classEntries(SETTINGS_CLASS_NAME, renderSettingsClass(settings)),
        ...classEntries(TEST_CLASS_NAME, TEST_CLASS)
    ];
    for (const object of objects) {
        entries.push({ name: `triggers/${triggerName(object.name)}.trigger`, content: renderTrigger(object) }, { name: `triggers/${triggerName(object.name)}.trigger-meta.xml`, content: triggerMeta });
    }
    if (staleTriggers.length > 0) entries.push({ name: 'destructiveChangesPost.xml', content: manifest({ ApexTrigger: staleTriggers }, false) });
    return build(entries);
}

/**
 * The uninstall package. Production: a deployment that deletes Apex must run tests there (NoTestRun is refused) and
 * the test class it runs must outlive the deletion, so the test class is replaced by a stub that references nothing
 * and everything else is deleted after that (destructiveChangesPost.xml). Elsewhere: everything deleted, no test run.
 */
export function uninstallPackage(production: boolean, triggers: string[], classes: string[]): BuiltPackage {
    if (production) {
        return build([
            { name: 'package.xml', content: manifest({ ApexClass: [TEST_CLASS_NAME] }, true) },
            ...classEntries(TEST_CLASS_NAME, UNINSTALLED_TEST_CLASS),
            { name: 'destructiveChangesPost.xml', content: manifest({ ApexClass: classes.filter((c) => c !== TEST_CLASS_NAME), ApexTrigger: triggers }, false) }
        ]);
    }
    return build([
        { name: 'package.xml', content: manifest({}, true) },
        { name: 'destructiveChanges.xml', content: manifest({ ApexClass: classes, ApexTrigger: triggers }, false) }
    ]);
}
