import { describe, expect, it, vi } from 'vitest';

import { paths, request } from '../../lib/http/api.js';
import { FieldCatalog, ORG_FEATURE_FIELDS, hiddenFieldsWarning, missingColumn, objectInfo, selectOf, withReadableFields } from '../../lib/metadata/fields.js';
import { shapeRecord, shaperOf, typedValue, withoutAttributes } from '../../lib/metadata/values.js';
import { csvToRecords } from '../../lib/sync/csv.js';
import { prepareSync } from '../../lib/sync/prepare.js';
import { type SyncRuntime } from '../../lib/sync/runtime.js';
import { ACCOUNT_SYNC_FIELDS, toAccount } from '../../models/account.js';
import { fixture } from '../sync-helpers.js';
import { fakeNango, httpError } from './fake-nango.js';

type Json = Record<string, unknown>;

/** A describe field entry with the keys the catalog reads, spelled as Salesforce spells them. */
function field(name: string, type: string, reference?: { to: string[]; relationship: string }): Json {
    return {
        name,
        type,
        referenceTo: reference?.to ?? [],
        relationshipName: reference?.relationship ?? null,
        polymorphicForeignKey: (reference?.to.length ?? 0) > 1
    };
}

const DESCRIBES: Record<string, Json> = {
    Contact: {
        name: 'Contact',
        queryable: true,
        replicateable: true,
        fields: [
            field('Id', 'id'),
            field('IsDeleted', 'boolean'),
            field('SystemModstamp', 'datetime'),
            field('Name', 'string'),
            field('Birthdate', 'date'),
            field('Status__c', 'picklist'),
            field('Region__c', 'string'),
            field('AccountId', 'reference', { to: ['Account'], relationship: 'Account' }),
            field('OwnerId', 'reference', { to: ['User'], relationship: 'Owner' }),
            field('ReportsToId', 'reference', { to: ['Contact'], relationship: 'ReportsTo' })
        ]
    },
    Account: {
        name: 'Account',
        fields: [
            field('Id', 'id'),
            field('Name', 'string'),
            field('Industry', 'picklist'),
            field('AnnualRevenue', 'currency'),
            field('OwnerId', 'reference', { to: ['User'], relationship: 'Owner' }),
            field('ParentId', 'reference', { to: ['Account'], relationship: 'Parent' })
        ]
    },
    Case: {
        name: 'Case',
        fields: [
            field('Id', 'id'),
            field('Status', 'picklist'),
            field('OwnerId', 'reference', { to: ['Group', 'User'], relationship: 'Owner' }),
            field('AccountId', 'reference', { to: ['Account'], relationship: 'Account' }),
            field('ParentId', 'reference', { to: ['Case'], relationship: 'Parent' })
        ]
    },
    Opportunity: {
        name: 'Opportunity',
        fields: [
            field('Id', 'id'),
            field('Amount', 'currency'),
            field('CloseDate', 'date'),
            field('StageName', 'picklist'),
            field('CurrencyIsoCode', 'picklist'),
            field('AccountId', 'reference', { to: ['Account'], relationship: 'Account' })
        ]
    }
};

/**
 * A Nango client answering `GET …/sobjects/X/describe` from `describes` (any other object: 404 NOT_FOUND, as
 * Salesforce answers for an object the user cannot see), recording the objects described.
 */
function describeNango(describes: Record<string, Json> = DESCRIBES) {
    const nango = fakeNango();
    const described: string[] = [];
    nango.proxy.mockImplementation(async (config: Record<string, any>) => {
        const match = /\/sobjects\/([^/]+)\/describe$/.exec(String(config['endpoint']));
        if (!match) throw new Error(`unexpected request ${String(config['endpoint'])}`);
        const sObject = match[1] ?? '';
        described.push(sObject);
        const entry = Object.entries(describes).find(([name]) => name.toLowerCase() === sObject.toLowerCase());
        if (!entry) throw httpError(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
        return { status: 200, data: entry[1], headers: {} };
    });
    return { nango, described };
}

describe('FieldCatalog.plan', () => {
    it('leaves out fields the describe lacks (hidden by field-level security, or no such field) and lists them as asked', async () => {
        const { nango } = describeNango();
        const plan = await new FieldCatalog(nango).plan('Contact', ['Id', 'Name', 'Email', 'Birthdate', 'Secret__c']);
        expect(selectOf(plan)).toEqual(['Id', 'Name', 'Birthdate']);
        expect(plan.hidden).toEqual(['Email', 'Secret__c']);
        expect(plan.fields).toEqual([
            { select: 'Id', key: ['Id'], type: 'id' },
            { select: 'Name', key: ['Name'], type: 'string' },
            { select: 'Birthdate', key: ['Birthdate'], type: 'date' }
        ]);
        expect(plan.sObject).toBe('Contact');
    });

    it('spells every name as the org does, relationship names included', async () => {
        const { nango } = describeNango();
        const plan = await new FieldCatalog(nango).plan('contact', ['ID', 'region__C', 'account.name', 'OWNER.name', 'reportsto.NAME']);
        expect(selectOf(plan)).toEqual(['Id', 'Region__c', 'Account.Name', 'Owner.Name', 'ReportsTo.Name']);
        expect(plan.fields.map((f) => f.key)).toEqual([['Id'], ['Region__c'], ['Account', 'Name'], ['Owner', 'Name'], ['ReportsTo', 'Name']]);
        expect(plan.hidden).toEqual([]);
    });

    it('selects each field once however it is spelled, and lists a hidden field once', async () => {
        const { nango } = describeNango();
        const plan = await new FieldCatalog(nango).plan('Contact', ['Id', 'id', 'Name', 'NAME', 'Account.Name', 'account.name', 'Nope__c', 'Nope__c', 'Id']);
        expect(selectOf(plan)).toEqual(['Id', 'Name', 'Account.Name']);
        expect(plan.hidden).toEqual(['Nope__c']);
    });

    it('keeps SOQL functions: toLabel and FORMAT come back as text under the field, convertCurrency typed under its alias', async () => {
        const { nango } = describeNango();
        const plan = await new FieldCatalog(nango).plan('Opportunity', ['toLabel(stagename)', 'convertCurrency(amount) amt', 'FORMAT(CloseDate)', 'convertCurrency(Amount)', 'toLabel(Secret__c)', 'toLabel(StageName)']);
        expect(plan.fields).toEqual([
            { select: 'toLabel(StageName)', key: ['StageName'], type: 'string' },
            { select: 'convertCurrency(Amount) amt', key: ['amt'], type: 'currency' },
            { select: 'FORMAT(CloseDate)', key: ['CloseDate'], type: 'string' },
            { select: 'convertCurrency(Amount)', key: ['Amount'], type: 'currency' }
        ]);
        // a function over a field the user cannot read is hidden as it was asked
        expect(plan.hidden).toEqual(['toLabel(Secret__c)']);
    });

    it('a polymorphic lookup (Case.Owner: User or Group) follows only to the Name object fields, without describing User or Group', async () => {
        const { nango, described } = describeNango();
        const plan = await new FieldCatalog(nango).plan('Case', ['Id', 'Owner.Name', 'owner.email', 'Owner.Industry', 'Owner.Manager.Name', 'Owner.IsActive']);
        expect(selectOf(plan)).toEqual(['Id', 'Owner.Name', 'Owner.Email', 'Owner.IsActive']);
        expect(plan.fields.find((f) => f.select === 'Owner.IsActive')?.type).toBe('boolean');
        expect(plan.hidden).toEqual(['Owner.Industry', 'Owner.Manager.Name']);
        expect(described).toEqual(['Case']);
    });

    it('the Name object fields of a polymorphic lookup are those Salesforce documents: RecordTypeId among them, no photo URLs', async () => {
        const { nango, described } = describeNango();
        // Object Reference / Field Reference, "Name": Alias … RecordTypeId, Title, Type, UserRoleId, Username
        const plan = await new FieldCatalog(nango).plan('Case', ['Owner.RecordTypeId', 'Owner.NameOrAlias', 'Owner.UserRoleId', 'Owner.SmallPhotoUrl', 'Owner.MediumPhotoUrl', 'Owner.FullPhotoUrl']);
        expect(plan.fields).toEqual([
            { select: 'Owner.RecordTypeId', key: ['Owner', 'RecordTypeId'], type: 'reference' },
            { select: 'Owner.NameOrAlias', key: ['Owner', 'NameOrAlias'], type: 'string' },
            { select: 'Owner.UserRoleId', key: ['Owner', 'UserRoleId'], type: 'reference' }
        ]);
        expect(plan.hidden).toEqual(['Owner.SmallPhotoUrl', 'Owner.MediumPhotoUrl', 'Owner.FullPhotoUrl']);
        expect(described).toEqual(['Case']);
    });

    it('describes a parent only for a leaf other than Name or Id, once per run however many paths reach it', async () => {
        const { nango, described } = describeNango();
        const catalog = new FieldCatalog(nango);
        const plan = await catalog.plan('Contact', ['Account.Name', 'Account.Id', 'Owner.Name', 'Account.Industry', 'Account.AnnualRevenue', 'Account.Rating', 'Account.Owner.Name', 'Account.Parent.Industry']);
        expect(plan.fields).toEqual([
            { select: 'Account.Name', key: ['Account', 'Name'], type: 'string' },
            { select: 'Account.Id', key: ['Account', 'Id'], type: 'id' },
            { select: 'Owner.Name', key: ['Owner', 'Name'], type: 'string' },
            { select: 'Account.Industry', key: ['Account', 'Industry'], type: 'picklist' },
            { select: 'Account.AnnualRevenue', key: ['Account', 'AnnualRevenue'], type: 'currency' },
            { select: 'Account.Owner.Name', key: ['Account', 'Owner', 'Name'], type: 'string' },
            { select: 'Account.Parent.Industry', key: ['Account', 'Parent', 'Industry'], type: 'picklist' }
        ]);
        expect(plan.hidden).toEqual(['Account.Rating']);
        // no describe of User (Owner.Name, Account.Owner.Name): Contact, then Account once
        expect(described).toEqual(['Contact', 'Account']);

        await catalog.plan('Account', ['Id', 'Industry']);
        await catalog.plan('Contact', ['Id']);
        expect(described).toEqual(['Contact', 'Account']);
    });

    it('a Name leaf through a lookup to an object without a Name field (Case) describes the parent and is hidden', async () => {
        const { nango, described } = describeNango();
        // the Case describe above has no Name (a Case is named by CaseNumber)
        const plan = await new FieldCatalog(nango).plan('Case', ['Id', 'Account.Name', 'Parent.Name']);
        expect(plan.hidden).toEqual(['Parent.Name']);
        expect(described).toEqual(['Case']);
        const child = await new FieldCatalog(nango).plan('Contact', ['ReportsTo.Name']);
        // Contact has a Name: no describe of the parent
        expect(selectOf(child)).toEqual(['ReportsTo.Name']);
    });

    it('a parent the user cannot describe makes its fields hidden, not an error; the object itself not describable throws', async () => {
        const { nango, described } = describeNango({ Opportunity: DESCRIBES['Opportunity'] ?? {} });
        const catalog = new FieldCatalog(nango);
        const plan = await catalog.plan('Opportunity', ['Id', 'Account.Name', 'Account.Industry', 'Account.Owner.Name']);
        expect(selectOf(plan)).toEqual(['Id', 'Account.Name']);
        expect(plan.hidden).toEqual(['Account.Industry', 'Account.Owner.Name']);
        // the failed describe is not asked again in the same run
        expect(described).toEqual(['Opportunity', 'Account']);

        await expect(catalog.object('Invoice__c')).rejects.toMatchObject({ payload: { errorCode: 'NOT_FOUND', status: 404 } });
        await expect(catalog.plan('Invoice__c', ['Id'])).rejects.toBeDefined();
    });

    it('a parent describe refused with 403 makes its fields hidden too; one failing otherwise (503, 500) fails the plan with its error', async () => {
        for (const [status, errorCode] of [
            [503, 'SERVER_UNAVAILABLE'],
            [500, 'UNKNOWN_EXCEPTION']
        ] as const) {
            const { nango } = describeNango();
            const answers = nango.proxy.getMockImplementation();
            nango.proxy.mockImplementation(async (config: Record<string, any>) => {
                if (String(config['endpoint']).endsWith('/sobjects/Account/describe')) throw httpError(status, [{ errorCode, message: 'try again later' }]);
                return answers?.(config);
            });
            // a passing outage must not look like fields turned hidden (that would change the signature and re-read everything)
            await expect(new FieldCatalog(nango).plan('Contact', ['Id', 'Account.Name', 'Account.Industry'])).rejects.toMatchObject({ payload: { status, errorCode } });
        }

        const { nango, described } = describeNango();
        const answers = nango.proxy.getMockImplementation();
        nango.proxy.mockImplementation(async (config: Record<string, any>) => {
            if (String(config['endpoint']).endsWith('/sobjects/Account/describe')) {
                described.push('Account');
                throw httpError(403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }]);
            }
            return answers?.(config);
        });
        const plan = await new FieldCatalog(nango).plan('Contact', ['Id', 'Account.Name', 'Account.Industry', 'Account.AnnualRevenue']);
        expect(selectOf(plan)).toEqual(['Id', 'Account.Name']);
        expect(plan.hidden).toEqual(['Account.Industry', 'Account.AnnualRevenue']);
        expect(described).toEqual(['Contact', 'Account']);
    });

    it('an unknown relationship, or a path through a field that is not a lookup, is hidden', async () => {
        const { nango } = describeNango();
        const plan = await new FieldCatalog(nango).plan('Contact', ['Foo.Name', 'Name.Id', 'AccountId.Name', 'Account__r.Name']);
        expect(plan.fields).toEqual([]);
        expect(plan.hidden).toEqual(['Foo.Name', 'Name.Id', 'AccountId.Name', 'Account__r.Name']);
    });

    it('leaves CurrencyIsoCode out silently where the org has no multi-currency, and selects it where it has', async () => {
        const { nango } = describeNango();
        const catalog = new FieldCatalog(nango);
        expect(ORG_FEATURE_FIELDS.has('currencyisocode')).toBe(true);
        const contact = await catalog.plan('Contact', ['Id', 'CurrencyIsoCode']);
        expect(selectOf(contact)).toEqual(['Id']);
        expect(contact.hidden).toEqual([]);
        const opportunity = await catalog.plan('Opportunity', ['Id', 'CurrencyIsoCode']);
        expect(selectOf(opportunity)).toEqual(['Id', 'CurrencyIsoCode']);
    });

    it('objectInfo reads the describe: fields and relationships by lower-cased name, flags default to true', () => {
        const info = objectInfo({ name: 'Case', queryable: false, fields: [...((DESCRIBES['Case']?.['fields'] as Json[]) ?? []), { type: 'string' }, field('Odd', 'string', { to: ['User'], relationship: '' })] });
        expect(info.name).toBe('Case');
        expect([...info.fields.keys()]).toEqual(['id', 'status', 'ownerid', 'accountid', 'parentid', 'odd']);
        expect([...info.relationships.keys()]).toEqual(['owner', 'account', 'parent']);
        expect(info.relationships.get('owner')).toEqual({ name: 'OwnerId', type: 'reference', referenceTo: ['Group', 'User'], relationshipName: 'Owner' });
        expect(info.queryable).toBe(false);
        expect(info.replicateable).toBe(true);
        expect(info.keyPrefix).toBeNull();
        expect(objectInfo({}).fields.size).toBe(0);
        // the id prefix as describe gives it (custom objects' vary by org); anything but three characters is none
        expect(objectInfo({ name: 'Case', keyPrefix: '500' }).keyPrefix).toBe('500');
        expect(objectInfo({ name: 'Invoice__c', keyPrefix: 'a0I' }).keyPrefix).toBe('a0I');
        expect([objectInfo({ keyPrefix: null }).keyPrefix, objectInfo({ keyPrefix: '50' }).keyPrefix, objectInfo({ keyPrefix: 500 }).keyPrefix]).toEqual([null, null, null]);
    });

    it('hiddenFieldsWarning names every hidden field with its object and says how to grant access', () => {
        const message = hiddenFieldsWarning('SalesforceAccount', 'Account', ['AnnualRevenue', 'Region__c']);
        expect(message).toContain('SalesforceAccount: the connected user cannot read Account.AnnualRevenue, Account.Region__c');
        expect(message).toContain('synced as null');
        expect(message).toContain('Set Field-Level Security');
    });
});

describe('FieldCatalog.serverTime', () => {
    /** Describes answered in turn, each with the given `Date` header (or none). */
    function dated(...dates: Array<string | undefined>) {
        return fakeNango(...dates.map((date, i) => ({ data: Object.values(DESCRIBES)[i], headers: date === undefined ? {} : { date } })));
    }

    it("is the end of the second the first describe's Date header names (an HTTP date has whole seconds), in ms", async () => {
        const catalog = new FieldCatalog(dated('Sun, 22 Nov 2026 11:58:30 GMT'));
        expect(catalog.serverTime).toBeUndefined();
        await catalog.object('Contact');
        expect(catalog.serverTime).toBe(Date.parse('2026-11-22T11:58:30.999Z'));
    });

    it('keeps the first describe\'s clock: a later describe (a parent, a child object) does not move it', async () => {
        const catalog = new FieldCatalog(dated('Sun, 22 Nov 2026 11:58:30 GMT', 'Sun, 22 Nov 2026 11:58:31 GMT'));
        await catalog.object('Contact');
        await catalog.object('Account');
        expect(catalog.serverTime).toBe(Date.parse('2026-11-22T11:58:30.999Z'));
    });

    it('is undefined without a Date header', async () => {
        const catalog = new FieldCatalog(dated(undefined));
        await catalog.object('Contact');
        expect(catalog.serverTime).toBeUndefined();
    });

    it('a Date header that is no date is ignored: the next describe with one sets the clock', async () => {
        const catalog = new FieldCatalog(dated('soon', 'Sun, 22 Nov 2026 11:58:31 GMT'));
        await catalog.object('Contact');
        expect(catalog.serverTime).toBeUndefined();
        await catalog.object('Account');
        expect(catalog.serverTime).toBe(Date.parse('2026-11-22T11:58:31.999Z'));
    });
});

/** The error request() throws for Salesforce's answer to a SOQL query naming a column the user cannot see. */
function noSuchColumn(column: string, entity: string) {
    return httpError(400, [
        {
            message: `\nSELECT Id, ${column} FROM ${entity}\n           ^\nERROR at Row:1:Column:12\nNo such column '${column}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            errorCode: 'INVALID_FIELD'
        }
    ]);
}

/** The error request() throws for a SOQL query through a lookup the user cannot see (its relationship is unknown too). */
function noSuchRelationship(relationship: string, entity: string) {
    return httpError(400, [
        {
            message: `\nSELECT Id, ${relationship}.Name FROM ${entity}\n           ^\nERROR at Row:1:Column:12\nDidn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
            errorCode: 'INVALID_FIELD'
        }
    ]);
}

/** A read through the real request(), so the errors are the ActionErrors the lib throws; answers are taken in turn. */
function reader(...answers: Array<unknown>) {
    const nango = fakeNango(...answers.map((a) => (a instanceof Error ? { throws: a } : { data: a })));
    const selects: string[][] = [];
    const read = async (fields: readonly string[]) => {
        selects.push([...fields]);
        return (await request(nango, { method: 'GET', endpoint: paths.query(), params: { q: `SELECT ${fields.join(', ')} FROM X` }, context: 'test' })).data;
    };
    return { read, selects };
}

describe('missingColumn', () => {
    it("reads the column and entity of INVALID_FIELD \"No such column 'X' on entity 'Y'\"", async () => {
        const { read } = reader(noSuchColumn('AnnualRevenue', 'Account'));
        const error = await read(['Id']).catch((e: unknown) => e);
        expect(missingColumn(error)).toEqual({ field: 'AnnualRevenue', entity: 'Account' });
    });

    it("reads the relationship of INVALID_FIELD \"Didn't understand relationship 'X' in field path\" (a hidden lookup), with no entity", async () => {
        const { read } = reader(noSuchRelationship('Account__r', 'Invoice__c'));
        const error = await read(['Id']).catch((e: unknown) => e);
        expect(missingColumn(error)).toEqual({ field: 'Account__r', entity: '' });
        expect(missingColumn({ payload: { errorCode: 'INVALID_FIELD', message: "Didn't understand relationship 'Owner' in field path." } })).toEqual({ field: 'Owner', entity: '' });
    });

    it('is null for other errors: another code, another INVALID_FIELD message, a write error, no payload', () => {
        expect(missingColumn({ payload: { errorCode: 'MALFORMED_QUERY', message: "No such column 'A' on entity 'B'" } })).toBeNull();
        expect(missingColumn({ payload: { errorCode: 'INVALID_TYPE', message: "Didn't understand relationship 'Foo' in field path." } })).toBeNull();
        expect(missingColumn({ payload: { errorCode: 'INVALID_FIELD', message: "Didn't understand relationship in field path." } })).toBeNull();
        expect(missingColumn({ payload: { errorCode: 'INVALID_FIELD', message: "No such column 'Secret__c' on sobject of type Account" } })).toBeNull();
        expect(missingColumn({ payload: { errorCode: 'INVALID_FIELD' } })).toBeNull();
        expect(missingColumn(new Error("No such column 'A' on entity 'B'"))).toBeNull();
        expect(missingColumn(null)).toBeNull();
    });
});

describe('withReadableFields', () => {
    it('costs one call, and no describe, when every field is readable', async () => {
        const { nango, described } = describeNango();
        const { read, selects } = reader({ records: [] });
        await expect(withReadableFields(nango, 'Contact', ['Id', 'Name'], read)).resolves.toEqual({ records: [] });
        expect(selects).toEqual([['Id', 'Name']]);
        expect(described).toEqual([]);
    });

    it('after a "No such column", describes the object once and reads again with the readable fields, in the caller\'s spelling and order', async () => {
        const { nango, described } = describeNango();
        const { read, selects } = reader(noSuchColumn('Email', 'Contact'), { records: [{ Id: '003' }] });
        const fields = ['Id', 'name', 'Email', 'account.name', 'Secret__c', 'Birthdate'];
        await expect(withReadableFields(nango, 'Contact', fields, read)).resolves.toEqual({ records: [{ Id: '003' }] });
        // every hidden field goes at once (Email and Secret__c), not one per refused read
        expect(selects).toEqual([fields, ['Id', 'name', 'account.name', 'Birthdate']]);
        expect(described).toEqual(['Contact']);
    });

    it('after a "Didn\'t understand relationship" (a lookup the user cannot read), reads again without every path through it', async () => {
        const contact = DESCRIBES['Contact'] ?? {};
        const withoutAccount = { ...contact, fields: (contact['fields'] as Json[]).filter((f) => f['name'] !== 'AccountId') };
        const { nango, described } = describeNango({ Contact: withoutAccount });
        const { read, selects } = reader(noSuchRelationship('Account', 'Contact'), { records: [{ Id: '003' }] });
        await expect(withReadableFields(nango, 'Contact', ['Id', 'Name', 'Account.Name', 'Account.Industry', 'Owner.Name'], read)).resolves.toEqual({ records: [{ Id: '003' }] });
        expect(selects).toEqual([
            ['Id', 'Name', 'Account.Name', 'Account.Industry', 'Owner.Name'],
            ['Id', 'Name', 'Owner.Name']
        ]);
        expect(described).toEqual(['Contact']);
    });

    it("a parent's field the user cannot read is dropped, the object's own field of the same name kept", async () => {
        const { nango, described } = describeNango();
        const { read, selects } = reader(noSuchColumn('Rating', 'Account'), { records: [] });
        await withReadableFields(nango, 'Contact', ['Id', 'Name', 'Account.Rating', 'Account.Industry', 'Account.Name'], read);
        expect(selects[1]).toEqual(['Id', 'Name', 'Account.Industry', 'Account.Name']);
        expect(described).toEqual(['Contact', 'Account']);
    });

    it('keeps a required field even when the describe lacks it: the second read then fails with Salesforce\'s error', async () => {
        const { nango } = describeNango();
        const { read, selects } = reader(noSuchColumn('LastModifiedDate', 'Contact'), noSuchColumn('LastModifiedDate', 'Contact'));
        const error = await withReadableFields(nango, 'Contact', ['Id', 'Name', 'LastModifiedDate', 'Email'], read, ['Id', 'lastmodifieddate']).catch((e: unknown) => e);
        expect(missingColumn(error)).toEqual({ field: 'LastModifiedDate', entity: 'Contact' });
        expect(selects).toEqual([
            ['Id', 'Name', 'LastModifiedDate', 'Email'],
            ['Id', 'Name', 'LastModifiedDate']
        ]);
    });

    it('tries once more only: a second refusal is thrown as it is', async () => {
        const { nango, described } = describeNango();
        // the column comes from the WHERE clause, not the select list: the readable fields are all of them
        const { read, selects } = reader(noSuchColumn('Secret__c', 'Contact'), noSuchColumn('Secret__c', 'Contact'), { records: [] });
        await expect(withReadableFields(nango, 'Contact', ['Id', 'Name'], read)).rejects.toMatchObject({ payload: { errorCode: 'INVALID_FIELD' } });
        expect(selects).toEqual([
            ['Id', 'Name'],
            ['Id', 'Name']
        ]);
        expect(described).toEqual(['Contact']);
    });

    it('rethrows other errors at once, without a describe', async () => {
        const { nango, described } = describeNango();
        const { read, selects } = reader(httpError(400, [{ errorCode: 'MALFORMED_QUERY', message: "unexpected token: 'FROM'" }]));
        await expect(withReadableFields(nango, 'Contact', ['Id', 'Name'], read)).rejects.toMatchObject({ payload: { errorCode: 'MALFORMED_QUERY' } });
        expect(selects).toHaveLength(1);

        const plain = vi.fn(async () => {
            throw new TypeError('boom');
        });
        await expect(withReadableFields(nango, 'Contact', ['Id'], plain)).rejects.toThrow('boom');
        expect(plain).toHaveBeenCalledTimes(1);
        expect(described).toEqual([]);
    });

    it('an object the user cannot describe fails with the describe error', async () => {
        const { nango } = describeNango({});
        const { read } = reader(noSuchColumn('Email', 'Contact'));
        await expect(withReadableFields(nango, 'Contact', ['Id', 'Email'], read)).rejects.toMatchObject({ payload: { errorCode: 'NOT_FOUND' } });
    });
});

describe('typedValue', () => {
    it('null, undefined and empty text are null for every type', () => {
        for (const type of ['string', 'int', 'currency', 'boolean', 'datetime', 'date', 'reference', 'address']) {
            expect([typedValue(type, null), typedValue(type, undefined), typedValue(type, '')]).toEqual([null, null, null]);
        }
    });

    it('numbers from JSON numbers or Bulk text, for int, double, currency, percent and long; 0 stays 0; non-numbers null', () => {
        expect(['int', 'double', 'currency', 'percent', 'long'].map((t) => typedValue(t, '1250000.5'))).toEqual([1250000.5, 1250000.5, 1250000.5, 1250000.5, 1250000.5]);
        expect(typedValue('int', 250)).toBe(250);
        expect(typedValue('int', '0')).toBe(0);
        expect(typedValue('percent', '-12.5')).toBe(-12.5);
        expect(typedValue('double', 'abc')).toBeNull();
        expect(typedValue('currency', 'Infinity')).toBeNull();
    });

    it('booleans from true/false or Bulk text', () => {
        expect([typedValue('boolean', true), typedValue('boolean', 'true'), typedValue('boolean', false), typedValue('boolean', 'false')]).toEqual([true, true, false, false]);
    });

    it('datetimes in one form, ISO 8601 UTC with milliseconds and Z, whatever offset or precision Salesforce sent', () => {
        expect(typedValue('datetime', '2026-11-20T08:15:00.000+0000')).toBe('2026-11-20T08:15:00.000Z');
        expect(typedValue('datetime', '2026-11-20T08:15:00.000Z')).toBe('2026-11-20T08:15:00.000Z');
        expect(typedValue('datetime', '2026-11-20T10:15:00.000+0200')).toBe('2026-11-20T08:15:00.000Z');
        expect(typedValue('datetime', '2026-11-20T08:15:00Z')).toBe('2026-11-20T08:15:00.000Z');
        expect(typedValue('datetime', 'yesterday')).toBeNull();
    });

    it('anyType (history OldValue / NewValue) date-times in the one datetime form; other anyType values as text', () => {
        expect(typedValue('anyType', '2026-11-20T08:15:00.000+0000')).toBe('2026-11-20T08:15:00.000Z');
        expect(typedValue('anyType', '2026-11-20T08:15:00.000Z')).toBe('2026-11-20T08:15:00.000Z');
        // REST and Bulk send the same text for it: one value either way
        expect(typedValue('anyType', '2026-11-20T08:15:00.000+0000')).toBe(typedValue('datetime', '2026-11-20T08:15:00.000+0000'));
        expect(typedValue('anyType', '2026-11-20')).toBe('2026-11-20');
        expect(typedValue('anyType', 'Technology')).toBe('Technology');
        expect(typedValue('anyType', true)).toBe('true');
        // only anyType: text that looks like a date-time stays as it is
        expect(typedValue('string', '2026-11-20T08:15:00.000+0000')).toBe('2026-11-20T08:15:00.000+0000');
    });

    it('dates as YYYY-MM-DD; anything else null', () => {
        expect(typedValue('date', '2026-11-20')).toBe('2026-11-20');
        expect(typedValue('date', '20/11/2026')).toBeNull();
    });

    it('text types keep text, numbers sent for them become text, compound values lose attributes', () => {
        expect(typedValue('string', 'Acme')).toBe('Acme');
        expect(typedValue('anyType', 42)).toBe('42');
        expect(typedValue('picklist', false)).toBe('false');
        expect(typedValue('address', { attributes: { type: 'Address' }, city: 'Dublin', country: null })).toEqual({ city: 'Dublin', country: null });
    });

    it('withoutAttributes removes attributes at every depth, in arrays too', () => {
        expect(withoutAttributes({ attributes: {}, A: { attributes: {}, B: [{ attributes: {}, C: 1 }] } })).toEqual({ A: { B: [{ C: 1 }] } });
        expect(withoutAttributes('x')).toBe('x');
    });
});

describe('shapeRecord', () => {
    const fields = [
        { key: ['Id'], type: 'id' },
        { key: ['AnnualRevenue'], type: 'currency' },
        { key: ['IsActive__c'], type: 'boolean' },
        { key: ['SystemModstamp'], type: 'datetime' },
        { key: ['Owner', 'Name'], type: 'string' },
        { key: ['Account', 'Name'], type: 'string' },
        { key: ['Account', 'Owner', 'Name'], type: 'string' }
    ];

    it('keeps exactly the planned fields, typed, without attributes, in plan order', () => {
        const shaped = shapeRecord(
            {
                attributes: { type: 'Contact', url: '/services/data/v66.0/sobjects/Contact/003' },
                SystemModstamp: '2026-11-20T08:15:00.000+0000',
                Id: '003',
                AnnualRevenue: '2500000',
                IsActive__c: 'true',
                Unplanned__c: 'x',
                IsDeleted: false,
                Owner: { attributes: { type: 'User' }, Name: 'Ada Admin' },
                Account: { attributes: { type: 'Account' }, Name: 'Acme', Owner: { attributes: { type: 'User' }, Name: 'Sam Seller' } }
            },
            fields
        );
        expect(shaped).toEqual({
            Id: '003',
            AnnualRevenue: 2500000,
            IsActive__c: true,
            SystemModstamp: '2026-11-20T08:15:00.000Z',
            Owner: { Name: 'Ada Admin' },
            Account: { Name: 'Acme', Owner: { Name: 'Sam Seller' } }
        });
        expect(Object.keys(shaped)).toEqual(['Id', 'AnnualRevenue', 'IsActive__c', 'SystemModstamp', 'Owner', 'Account']);
    });

    it('an empty lookup is null whether REST sent null or Bulk empty columns; a planned field absent from the record is null', () => {
        const rest = shapeRecord({ Id: '003', Owner: null, Account: { Name: 'Acme', Owner: null } }, fields);
        const bulk = shapeRecord({ Id: '003', AnnualRevenue: null, IsActive__c: null, SystemModstamp: null, Owner: { Name: null }, Account: { Name: 'Acme', Owner: { Name: null } } }, fields);
        expect(rest).toEqual({ Id: '003', AnnualRevenue: null, IsActive__c: null, SystemModstamp: null, Owner: null, Account: { Name: 'Acme', Owner: null } });
        expect(bulk).toEqual(rest);
        // a whole chain of empty lookups collapses to one null
        expect(shapeRecord({ Id: '003', Account: { Name: '', Owner: { Name: '' } } }, fields)['Account']).toBeNull();
    });

    it('finds a field sent in another case, and writes it as the plan spells it', () => {
        expect(shapeRecord({ id: '003', owner: { name: 'Ada' } }, [fields[0]!, fields[4]!])).toEqual({ Id: '003', Owner: { Name: 'Ada' } });
    });

    it('shaping in place (a page the engine owns) gives what shapeRecord gives: one-level lookups, deeper ones, empty ones, other cases', () => {
        const inPlace = shaperOf(fields, [], true);
        const records = (): Array<Record<string, unknown>> => [
            { attributes: { type: 'Contact' }, Id: '003', AnnualRevenue: 5, IsActive__c: false, SystemModstamp: '2026-11-20T08:15:00.000+0000', Owner: { attributes: { type: 'User' }, Name: 'Ada' }, Account: { attributes: {}, Name: 'Acme', Owner: null } },
            { Id: '003', AnnualRevenue: '', IsActive__c: 'true', SystemModstamp: '', Owner: null, Account: null },
            { Id: '003', AnnualRevenue: null, IsActive__c: null, SystemModstamp: null, Owner: { Name: null }, Account: { Name: '', Owner: { Name: '' } } },
            { Id: '003', AnnualRevenue: null, IsActive__c: null, SystemModstamp: null, Owner: { name: 'Sam' }, Account: { Name: null, Owner: { Name: 'Lee' } } },
            { Id: '003', AnnualRevenue: null, IsActive__c: null, SystemModstamp: null, Owner: 'not an object', Account: { Name: 'A' } }
        ];
        const expected = records().map((r) => shapeRecord(r, fields));
        expect(expected.map((r) => r['Owner'])).toEqual([{ Name: 'Ada' }, null, null, { Name: 'Sam' }, null]);
        const owned = records();
        const shaped = owned.map((r) => inPlace(r));
        expect(shaped).toEqual(expected);
        // shaped in place, not copied
        expect(shaped[0]).toBe(owned[0]);
        expect(JSON.parse(JSON.stringify(shaped))).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    it('copies `keep` entries (child subqueries) as they are, null when absent', () => {
        const comments = { totalSize: 1, done: true, records: [{ attributes: { type: 'CaseComment' }, Id: '00a' }] };
        expect(shapeRecord({ Id: '500', CaseComments: comments }, [fields[0]!], ['CaseComments', 'EmailMessages'])).toEqual({ Id: '500', CaseComments: comments, EmailMessages: null });
    });
});

describe('REST and Bulk API 2.0 pages give the same records', () => {
    const accounts = fixture('accounts');
    const describeAccount = accounts.api.get['services/data/v66.0/sobjects/Account/describe'].response as Json;
    // the REST page of the accounts fixture that selects the extra field Is_Enterprise__c
    const restPage = (accounts.api.get['services/data/v66.0/queryAll'] as Array<{ request: { params: { q: string } }; response: { records: Json[] } }>).find((m) =>
        m.request.params.q.includes('Is_Enterprise__c')
    );
    /** The same three accounts as Bulk API 2.0 writes them: every value text, nulls empty, datetimes in Z, quotes doubled. */
    const rows = [
        ['001RO00000LxAa1YAF', '2026-11-20T08:15:00.000Z', 'Acme Corporation', 'Customer - Direct', 'Technology', 'https://acme.example', '+1 415 555 0100', '', '2500000', '250'],
        ['001RO00000LxAb2YAF', '2026-11-20T08:15:00.000Z', 'Acme EMEA', '', 'Technology', '', '', '"EMEA subsidiary.\nHandles ""EU"" deals."', '', ''],
        ['001RO00000LxAc3YAF', '2026-11-21T09:30:00.000Z', 'Globex', 'Prospect', '', 'globex.example', '(555) 010-9999', '', '1250000.5', '0']
    ];
    const addresses = [
        ['1 Market St', 'San Francisco', 'CA', '94105', 'United States', '', '', '', '', ''],
        ['', 'Dublin', '', '', 'Ireland', 'Grand Canal Dock', 'Dublin', '', 'D02', 'Ireland'],
        ['', '', '', '', '', '', '', '', '', '']
    ];
    const tail = [
        ['', '005RO00000UsRa1YAF', 'Ada Admin', '2026-01-15T10:00:00.000Z', '2026-11-20T08:14:59.000Z', 'true'],
        ['001RO00000LxAa1YAF', '005RO00000UsRb2YAF', 'Sam Seller', '2026-03-02T14:30:00.000Z', '2026-11-20T08:15:00.000Z', 'false'],
        ['', '005RO00000UsRa1YAF', 'Ada Admin', '2026-11-21T09:29:58.000Z', '2026-11-21T09:30:00.000Z', 'false']
    ];
    const header =
        'Id,SystemModstamp,Name,Type,Industry,Website,Phone,Description,AnnualRevenue,NumberOfEmployees,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,ShippingStreet,ShippingCity,ShippingState,ShippingPostalCode,ShippingCountry,ParentId,OwnerId,Owner.Name,CreatedDate,LastModifiedDate,Is_Enterprise__c';
    const csv = `${header}\n${rows.map((row, i) => [...row, ...(addresses[i] ?? []), ...(tail[i] ?? [])].join(',')).join('\n')}\n`;

    async function prepared(shape?: 'record') {
        const { nango } = describeNango({ Account: describeAccount });
        return prepareSync(nango as unknown as SyncRuntime, {
            model: 'SalesforceAccount',
            sObject: 'Account',
            fields: ACCOUNT_SYNC_FIELDS,
            map: toAccount,
            deletes: 'queryAll',
            extraFields: ['Is_Enterprise__c'],
            lagSeconds: 0,
            ...(shape ? { shape } : {})
        });
    }

    it('the Bulk job selects what the REST pass selects (less IsDeleted), in the same order', async () => {
        expect((await prepared()).select.join(',')).toBe(header);
        expect(restPage?.request.params.q).toContain(`SELECT ${header.split(',').join(', ')}, IsDeleted FROM Account`);
    });

    it('shapeRecord makes a REST record (typed JSON, attributes, +0000 datetimes) and its Bulk CSV row (all text) identical', async () => {
        const { shape } = await prepared('record');
        const fromRest = (restPage?.response.records ?? []).map((r) => shape(r as never));
        const fromBulk = csvToRecords(csv, 'Account').map((r) => shape(r as never));
        expect(fromRest).toHaveLength(3);
        expect(fromBulk).toEqual(fromRest);
        expect(fromBulk[0]).toMatchObject({ SystemModstamp: '2026-11-20T08:15:00.000Z', AnnualRevenue: 2500000, NumberOfEmployees: 250, Is_Enterprise__c: true, Owner: { Name: 'Ada Admin' } });
        expect(fromBulk[0]).not.toHaveProperty('attributes');
        // and the saved models are the accounts fixture's
        const models = fromBulk.map((r) => toAccount(r, ['Is_Enterprise__c']));
        expect(models).toEqual((accounts.nango.batchSave.SalesforceAccount as any[]).map((a, i) => ({ ...a, custom_fields: { Is_Enterprise__c: i === 0 } })));
    });

    it('a model sync types only the extra fields, and its mapper makes the same model of the REST record and the Bulk row', async () => {
        const { shape, shapeOwned } = await prepared();
        const restRecords = (restPage?.response.records ?? []) as Array<Record<string, unknown>>;
        const fromRest = restRecords.map((r) => shape(r as never));
        const fromBulk = csvToRecords(csv, 'Account').map((r) => shape(r as never));
        // the model's own fields as each API sent them; the extra field typed from describe (a checkbox)
        expect(fromBulk[0]).toMatchObject({ AnnualRevenue: '2500000', Is_Enterprise__c: true, SystemModstamp: '2026-11-20T08:15:00.000Z' });
        expect(fromRest[0]).toMatchObject({ AnnualRevenue: 2500000, Is_Enterprise__c: true, SystemModstamp: '2026-11-20T08:15:00.000+0000' });
        // `shape` leaves the record it is given as it was; `shapeOwned` writes into it
        const copy = structuredClone(restRecords[0]) as Record<string, unknown>;
        expect(shape(copy as never)).not.toBe(copy);
        expect(shapeOwned(copy as never)).toBe(copy);
        const models = (records: Array<Record<string, unknown>>) => records.map((r) => toAccount(r as never, ['Is_Enterprise__c']));
        expect(models(fromBulk)).toEqual(models(fromRest));
        expect(models(fromBulk)).toEqual((accounts.nango.batchSave.SalesforceAccount as any[]).map((a, i) => ({ ...a, custom_fields: { Is_Enterprise__c: i === 0 } })));
    });

    it('without shaping they differ (the reason for it): Bulk values are text', () => {
        const raw = csvToRecords(csv, 'Account')[0];
        expect(raw).toMatchObject({ AnnualRevenue: '2500000', Is_Enterprise__c: 'true', Description: null });
        expect(restPage?.response.records[0]).toMatchObject({ AnnualRevenue: 2500000, Is_Enterprise__c: true, SystemModstamp: '2026-11-20T08:15:00.000+0000' });
    });
});
