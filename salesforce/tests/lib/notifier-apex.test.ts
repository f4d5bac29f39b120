/**
 * The change notifier's Apex (salesforce/apex/): every .cls and .trigger parses with a real Apex parser
 * (@apexdevtools/apex-parser), the generated salesforce/lib/notifier/apex.ts matches the sources, the test class
 * reaches every method and line of the notifier, and what the install renders (settings, triggers, package) parses too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { describe, expect, it } from 'vitest';

import { APEX_DIR, APEX_MODULE, APEX_SOURCES, renderApexModule } from '../../../scripts/generate-apex.js';
import { compileApex } from '../../../emulator/src/apex/compile.js';
import { percentCovered, runTests } from '../../../emulator/src/apex/coverage.js';
import { unzip } from '../../../emulator/src/apex/zip.js';
import * as apex from '../../lib/notifier/apex.js';
import { apexString, installPackage, renderSettingsClass, renderTrigger, triggerName, uninstallPackage } from '../../lib/notifier/package.js';
import { crc32, zip } from '../../lib/notifier/zip.js';

class Errors extends ApexErrorListener {
    readonly found: string[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
        this.found.push(`${line}:${column} ${msg}`);
    }
}

function syntaxErrors(kind: 'class' | 'trigger', source: string): string[] {
    const errors = new Errors();
    const { parser } = ApexParserFactory.createLexerAndParser(source, errors);
    if (kind === 'class') parser.compilationUnit();
    else parser.triggerUnit();
    return errors.found;
}

const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(cls|trigger)$/.test(f));

const SETTINGS = { webhookUrl: "https://api.nango.dev/webhook/env/salesforce?x='1'\\", connectionId: "conn'\n1", secret: 'a'.repeat(64), objects: ['Account', 'Invoice__c'] };

describe('the notifier Apex', () => {
    it('has every .cls and .trigger under salesforce/apex parsing without a syntax error', () => {
        const all = files(APEX_DIR);
        expect(all.length).toBe(5);
        for (const file of all) {
            const source = fs.readFileSync(path.join(APEX_DIR, file), 'utf8');
            expect(syntaxErrors(file.endsWith('.cls') ? 'class' : 'trigger', source), file).toEqual([]);
        }
    });

    it('finds syntax errors, so that the check above can fail', () => {
        expect(syntaxErrors('class', 'public class Broken { void f() { Integer x = ; } }')).toHaveLength(1);
        expect(compileApex('class', 'public class Broken {\n  void f() {\n    Integer x = ;\n  }\n}').errors).toEqual([{ line: 3, column: 17, problem: "Unexpected token ';'." }]);
        expect(syntaxErrors('trigger', 'trigger T on Account (after insert) { NangoChangeNotifier.handle( }')).not.toEqual([]);
    });

    it('has apex.ts generated from the current sources (npm run apex)', () => {
        expect(fs.readFileSync(APEX_MODULE, 'utf8'), 'salesforce/lib/notifier/apex.ts is stale: run npm run apex').toBe(renderApexModule());
        expect(APEX_SOURCES.map((s) => s.file).sort()).toEqual(files(APEX_DIR).sort());
    });

    it('has a test method that reaches every method of the notifier and every line of it and of the triggers', () => {
        const notifier = compileApex('class', apex.NOTIFIER_CLASS);
        const test = compileApex('class', apex.TEST_CLASS);
        const units = [notifier, compileApex('class', renderSettingsClass(SETTINGS)), test, compileApex('trigger', renderTrigger({ name: 'Account', undeletable: true }))];
        const methods = notifier.members.map((m) => `${m.owner}.${m.declared}`);
        expect(methods).toEqual([
            'nangochangenotifier.handle',
            'nangochangenotifier.changeKind',
            'nangochangenotifier.canEnqueue',
            'nangochangenotifier.enqueue',
            'nangochangenotifier.entry',
            'nangochangenotifier.changedFields',
            'nangochangenotifier.comparedFields',
            'nangochangenotifier.differs',
            'nangochangenotifier.delivery.<init>',
            'nangochangenotifier.delivery.execute',
            'nangochangenotifier.delivery.body'
        ]);
        const run = runTests(units, ['NangoChangeNotifierTest'], new Map());
        expect(run.failures).toEqual([]);
        expect(run.successes.map((s) => s.methodName)).toHaveLength(test.members.filter((m) => m.isTest).length);
        for (const c of run.coverage.values()) {
            expect(c.notCovered, `${c.name}: lines not reached by a test method`).toEqual([]);
            expect(percentCovered(c)).toBe(100);
        }
        // the executable lines counted (statement lines outside System.debug, plus initialized fields)
        expect(run.coverage.get('nangochangenotifier')?.locations).toBe(65);
        expect(run.coverage.get('nangonotify_account')?.locations).toBe(1);
    });

    it('reports a method no test reaches as uncovered (the estimate can fail)', () => {
        const extra = apex.NOTIFIER_CLASS.replace('    /** One POST of one object', '    public static Integer unused() {\n        return 42;\n    }\n\n    /** One POST of one object');
        const run = runTests([compileApex('class', extra), compileApex('class', apex.TEST_CLASS)], ['NangoChangeNotifierTest'], new Map());
        expect(run.coverage.get('nangochangenotifier')?.notCovered).toHaveLength(1);
    });

    it('renders a settings class that parses, with every value escaped as an Apex string', () => {
        const body = renderSettingsClass(SETTINGS);
        expect(syntaxErrors('class', body)).toEqual([]);
        expect(body).toContain("WEBHOOK_URL = 'https://api.nango.dev/webhook/env/salesforce?x=\\'1\\'\\\\';");
        expect(body).toContain("CONNECTION_ID = 'conn\\'\\n1';");
        expect(body).toContain(`SECRET = '${'a'.repeat(64)}';`);
        expect(body).toContain("new List<String>{ 'Account', 'Invoice__c' }");
        expect(body).not.toContain('{{');
        expect(apexString("a'b\\c")).toBe("'a\\'b\\\\c'");
    });

    it('renders one trigger per object with a name Apex accepts, and leaves out after undelete where records cannot be undeleted', () => {
        expect(triggerName('Account')).toBe('NangoNotify_Account');
        expect(triggerName('Invoice__c')).toMatch(/^NangoNotify_Invoice_c_[0-9a-f]{6}$/);
        expect(triggerName('acme__Invoice__c')).not.toBe(triggerName('acme_Invoice__c'));
        const long = `${'A'.repeat(38)}__c`;
        expect(triggerName(long).length).toBeLessThanOrEqual(40);
        for (const name of ['Account', 'Invoice__c', 'acme__Very_Long_Custom_Object_Name_Here__c']) {
            const body = renderTrigger({ name, undeletable: true });
            expect(syntaxErrors('trigger', body)).toEqual([]);
            expect(body).toContain(`trigger ${triggerName(name)} on ${name} (after insert, after update, after delete, after undelete)`);
            expect(triggerName(name)).toMatch(/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$/);
        }
        expect(renderTrigger({ name: 'Task', undeletable: false })).toContain('on Task (after insert, after update, after delete) {');
    });

    it('packs the install and uninstall packages as zips any unzipper reads', () => {
        const install = installPackage(SETTINGS, [{ name: 'Account', undeletable: true }], ['NangoNotify_Lead']);
        const entries = unzip(Buffer.from(install.zipBase64, 'base64'));
        expect([...entries.keys()]).toEqual(install.files);
        expect(entries.get('package.xml')?.toString()).toContain('<members>NangoNotify_Account</members><name>ApexTrigger</name>');
        expect(entries.get('destructiveChangesPost.xml')?.toString()).toContain('<members>NangoNotify_Lead</members>');
        expect(entries.get('classes/NangoChangeNotifierSettings.cls')?.toString()).toBe(renderSettingsClass(SETTINGS));
        const production = unzip(Buffer.from(uninstallPackage(true, ['NangoNotify_Account'], ['NangoChangeNotifier', 'NangoChangeNotifierSettings', 'NangoChangeNotifierTest']).zipBase64, 'base64'));
        expect(production.get('classes/NangoChangeNotifierTest.cls')?.toString()).toBe(apex.UNINSTALLED_TEST_CLASS);
        expect(production.get('destructiveChangesPost.xml')?.toString()).not.toContain('NangoChangeNotifierTest');
        const sandbox = unzip(Buffer.from(uninstallPackage(false, ['NangoNotify_Account'], ['NangoChangeNotifierTest']).zipBase64, 'base64'));
        expect(sandbox.get('destructiveChanges.xml')?.toString()).toContain('<members>NangoChangeNotifierTest</members>');
        expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
        expect(unzip(Buffer.from(zip([{ name: 'é.txt', content: 'ü' }]))).get('é.txt')?.toString()).toBe('ü');
    });
});
