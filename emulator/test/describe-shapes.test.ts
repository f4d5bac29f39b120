/**
 * Describe key sets, compound address and name fields, state and country picklists, formula fields, and the
 * result shapes of sObject Collections and upsert by external id — over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start();
});
afterAll(async () => {
    await c.emu.stop();
});

type Json = Record<string, any>;

const FIELD_KEYS = [
    'aggregatable', 'aiPredictionField', 'autoNumber', 'byteLength', 'calculated', 'calculatedFormula', 'cascadeDelete', 'caseSensitive', 'compoundFieldName',
    'controllerName', 'createable', 'custom', 'defaultValue', 'defaultValueFormula', 'defaultedOnCreate', 'dependentPicklist', 'deprecatedAndHidden', 'digits',
    'displayLocationInDecimal', 'encrypted', 'externalId', 'extraTypeInfo', 'filterable', 'filteredLookupInfo', 'formulaTreatNullNumberAsZero', 'groupable',
    'highScaleNumber', 'htmlFormatted', 'idLookup', 'inlineHelpText', 'label', 'length', 'mask', 'maskType', 'name', 'nameField', 'namePointing', 'nillable',
    'permissionable', 'picklistValues', 'polymorphicForeignKey', 'precision', 'queryByDistance', 'referenceTargetField', 'referenceTo', 'relationshipName',
    'relationshipOrder', 'restrictedDelete', 'restrictedPicklist', 'scale', 'searchPrefilterable', 'soapType', 'sortable', 'type', 'unique', 'updateable',
    'writeRequiresMasterRead'
];
const OBJECT_KEYS = [
    'actionOverrides', 'activateable', 'associateEntityType', 'associateParentEntity', 'childRelationships', 'compactLayoutable', 'createable', 'custom',
    'customSetting', 'deepCloneable', 'defaultImplementation', 'deletable', 'deprecatedAndHidden', 'extendedBy', 'extendsInterfaces', 'feedEnabled', 'fields',
    'hasSubtypes', 'implementedBy', 'implementsInterfaces', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'listviewable',
    'lookupLayoutable', 'mergeable', 'mruEnabled', 'name', 'namedLayoutInfos', 'networkScopeFieldName', 'queryable', 'recordTypeInfos', 'replicateable',
    'retrieveable', 'searchLayoutable', 'searchable', 'sobjectDescribeOption', 'supportedScopes', 'triggerable', 'undeletable', 'updateable', 'urls'
];
const ADDRESS_KEYS = ['city', 'country', 'countryCode', 'geocodeAccuracy', 'latitude', 'longitude', 'postalCode', 'state', 'stateCode', 'street'];

const describeOf = async (client: Client, object: string): Promise<Json> => {
    const res = await client.sf(`sobjects/${object}/describe`);
    expect(res.status).toBe(200);
    return res.body;
};
const fieldOf = (d: Json, name: string): Json => {
    const fd = (d['fields'] as Json[]).find((f) => f['name'] === name);
    if (!fd) throw new Error(`no field ${name} in ${String(d['name'])}`);
    return fd;
};
/** Indexes of the controlling values a validFor bitmap names (bit 0 = high-order bit of byte 0). */
const validForIndexes = (validFor: string): number[] => {
    const bytes = Buffer.from(validFor, 'base64');
    const out: number[] = [];
    for (let i = 0; i < bytes.length * 8; i++) if (((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0) out.push(i);
    return out;
};
const account = (body: Json): Promise<{ status: number; body: any }> => c.sf('sobjects/Account', { method: 'POST', json: { Name: 'Addr Co', ...body } });

describe('describe key sets', () => {
    it('every field of every object carries the full DescribeFieldResult key set, in Salesforce order', async () => {
        for (const object of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Invoice__c', 'Task']) {
            const d = await describeOf(c, object);
            expect(Object.keys(d)).toEqual(OBJECT_KEYS);
            for (const fd of d['fields'] as Json[]) expect(Object.keys(fd)).toEqual(FIELD_KEYS);
        }
    });

    it('object-level values: Master record type, scopes named after the object, cascade-delete children, absolute UI urls', async () => {
        const d = await describeOf(c, 'Contact');
        expect(d['recordTypeInfos']).toContainEqual({
            active: true, available: true, defaultRecordTypeMapping: true, developerName: 'Master', master: true, name: 'Master',
            recordTypeId: '012000000000000AAA', urls: { layout: `/services/data/${V}/sobjects/Contact/describe/layouts/012000000000000AAA` }
        });
        expect(d['supportedScopes']).toEqual([{ label: 'All contacts', name: 'everything' }, { label: 'My contacts', name: 'mine' }]);
        expect(d['sobjectDescribeOption']).toBe('FULL');
        expect(d['urls']['uiDetailTemplate']).toBe(`${c.emu.url}/{ID}`);
        expect(d['urls']['uiNewRecord']).toBe(`${c.emu.url}/003/e`);
        const acct = await describeOf(c, 'Account');
        const contacts = (acct['childRelationships'] as Json[]).find((r) => r['relationshipName'] === 'Contacts');
        expect(contacts).toMatchObject({ childSObject: 'Contact', field: 'AccountId', cascadeDelete: true });
        expect((acct['childRelationships'] as Json[]).find((r) => r['relationshipName'] === 'Cases')).toMatchObject({ cascadeDelete: false });
        expect(acct['supportedScopes'].map((s: Json) => s['name'])).toEqual(['everything', 'mine', 'team']);
    });

    it('field-level values: ids are 18 bytes and not permissionable, long text is plaintextarea and not aggregatable', async () => {
        const d = await describeOf(c, 'Account');
        expect(fieldOf(d, 'Id')).toMatchObject({ byteLength: 18, permissionable: false, idLookup: true, soapType: 'tns:ID' });
        expect(fieldOf(d, 'Name')).toMatchObject({ byteLength: 765, permissionable: false, nameField: true });
        expect(fieldOf(d, 'Industry')).toMatchObject({ permissionable: true, byteLength: 765 });
        expect(fieldOf(d, 'Description')).toMatchObject({ extraTypeInfo: 'plaintextarea', aggregatable: false, filterable: false, sortable: false });
        expect(fieldOf(d, 'ParentId')).toMatchObject({ searchPrefilterable: true, byteLength: 18 });
    });

    it('basic info and describe global carry the summary key set of a recorded objectDescribe', async () => {
        const info = await c.sf('sobjects/Lead');
        expect(Object.keys(info.body.objectDescribe)).toEqual([
            'activateable', 'associateEntityType', 'associateParentEntity', 'createable', 'custom', 'customSetting', 'deepCloneable', 'deletable', 'deprecatedAndHidden',
            'feedEnabled', 'hasSubtypes', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'mergeable', 'mruEnabled', 'name', 'queryable',
            'replicateable', 'retrieveable', 'searchable', 'triggerable', 'undeletable', 'updateable', 'urls'
        ]);
        expect(info.body.objectDescribe.urls).toMatchObject({ listviews: `/services/data/${V}/sobjects/Lead/listviews`, quickActions: `/services/data/${V}/sobjects/Lead/quickActions` });
    });
});

describe('compound fields in describe', () => {
    it('BillingAddress is a read-only address over its components, each naming it in compoundFieldName', async () => {
        const d = await describeOf(c, 'Account');
        expect(fieldOf(d, 'BillingAddress')).toMatchObject({
            type: 'address', soapType: 'urn:address', createable: false, updateable: false, nillable: true, filterable: true, sortable: false, groupable: false,
            queryByDistance: true, compoundFieldName: null, label: 'Billing Address', length: 0
        });
        const parts = (d['fields'] as Json[]).filter((f) => f['compoundFieldName'] === 'BillingAddress').map((f) => f['name']);
        expect(parts).toEqual([
            'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'BillingStateCode', 'BillingCountryCode', 'BillingLatitude',
            'BillingLongitude', 'BillingGeocodeAccuracy'
        ]);
        expect(fieldOf(d, 'BillingState')).toMatchObject({ label: 'Billing State/Province', length: 80, type: 'string' });
        expect(fieldOf(d, 'BillingPostalCode')).toMatchObject({ label: 'Billing Zip/Postal Code', length: 20 });
        expect(fieldOf(d, 'BillingLatitude')).toMatchObject({ type: 'double', precision: 18, scale: 15 });
        expect(fieldOf(d, 'BillingGeocodeAccuracy')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
        expect(fieldOf(d, 'ShippingAddress')).toMatchObject({ type: 'address' });
        expect(fieldOf(await describeOf(c, 'Contact'), 'MailingCity')).toMatchObject({ compoundFieldName: 'MailingAddress' });
        const lead = await describeOf(c, 'Lead');
        expect(fieldOf(lead, 'Address')).toMatchObject({ type: 'address', label: 'Address' });
        expect(fieldOf(lead, 'Street')).toMatchObject({ compoundFieldName: 'Address', label: 'Street' });
    });

    it('Contact and Lead Name is a compound over Salutation, FirstName and LastName', async () => {
        for (const object of ['Contact', 'Lead']) {
            const d = await describeOf(c, object);
            expect((d['fields'] as Json[]).filter((f) => f['compoundFieldName'] === 'Name').map((f) => f['name'])).toEqual(['Salutation', 'FirstName', 'LastName']);
            expect(fieldOf(d, 'Name')).toMatchObject({ extraTypeInfo: 'personname', nameField: true, compoundFieldName: null });
        }
    });

    it('state codes are a dependent picklist of the country codes, each value valid for its own country (validFor)', async () => {
        const d = await describeOf(c, 'Account');
        const country = fieldOf(d, 'BillingCountryCode');
        const state = fieldOf(d, 'BillingStateCode');
        expect(country).toMatchObject({ type: 'picklist', restrictedPicklist: true, dependentPicklist: false, controllerName: null, compoundFieldName: 'BillingAddress' });
        expect(state).toMatchObject({ type: 'picklist', restrictedPicklist: true, dependentPicklist: true, controllerName: 'BillingCountryCode' });
        const countries = (country['picklistValues'] as Json[]).map((p) => p['value']);
        for (const code of ['US', 'CA', 'DE', 'FR', 'GB', 'JP']) expect(countries).toContain(code);
        expect((country['picklistValues'] as Json[]).every((p) => p['validFor'] === null)).toBe(true);
        const countryOf = (stateCode: string): string[] => {
            const entry = (state['picklistValues'] as Json[]).find((p) => p['value'] === stateCode);
            return validForIndexes(String(entry?.['validFor'])).map((i) => countries[i]);
        };
        expect(countryOf('CA')).toEqual(['US']);
        expect(countryOf('ON')).toEqual(['CA']);
        expect(countryOf('BY')).toEqual(['DE']);
        expect(countryOf('IDF')).toEqual(['FR']);
        expect(countryOf('SCT')).toEqual(['GB']);
        expect(countryOf('13')).toEqual(['JP']);
        expect((state['picklistValues'] as Json[]).find((p) => p['value'] === '13')?.['label']).toBe('Tokyo');
    });
});

describe('compound address values in SOQL and record reads', () => {
    it('SELECT BillingAddress gives the structured address; seeded names are the picklists\' integration values', async () => {
        const res = await c.sf(q("SELECT Id, BillingAddress, BillingCountry, BillingCountryCode, BillingState, BillingStateCode FROM Account WHERE BillingCountryCode = 'US' LIMIT 5"));
        expect(res.status).toBe(200);
        expect(res.body.records.length).toBeGreaterThan(0);
        for (const r of res.body.records) {
            expect(Object.keys(r.BillingAddress)).toEqual(ADDRESS_KEYS);
            expect(r.BillingAddress).toMatchObject({ country: 'United States', countryCode: 'US', state: r.BillingState, stateCode: r.BillingStateCode });
            expect(r.BillingCountry).toBe('United States');
        }
    });

    it('an empty address is null; a parent path reads the parent\'s address; GET by id shows it too', async () => {
        const created = await account({ BillingCity: 'Berlin', BillingCountryCode: 'DE', BillingLatitude: 52.52, BillingLongitude: 13.405 });
        expect(created.status).toBe(201);
        const id = created.body.id;
        const got = await c.sf(`sobjects/Account/${id}`);
        expect(got.body.BillingAddress).toEqual({
            city: 'Berlin', country: 'Germany', countryCode: 'DE', geocodeAccuracy: null, latitude: 52.52, longitude: 13.405, postalCode: null, state: null, stateCode: null, street: null
        });
        expect(got.body.ShippingAddress).toBeNull();
        const contact = await c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'Addr', AccountId: id } });
        const viaParent = await c.sf(q(`SELECT Account.BillingAddress, MailingAddress FROM Contact WHERE Id = '${contact.body.id}'`));
        expect(viaParent.body.records[0].Account.BillingAddress).toMatchObject({ city: 'Berlin', countryCode: 'DE' });
        expect(viaParent.body.records[0].MailingAddress).toBeNull();
        const fields = await c.sf(`sobjects/Account/${id}?fields=BillingAddress`);
        expect(fields.body.BillingAddress).toMatchObject({ city: 'Berlin' });
    });

    it('WHERE and ORDER BY on a compound address are refused as production refuses them; so is writing it', async () => {
        const where = await c.sf(q("SELECT Id FROM Account WHERE BillingAddress != null"));
        expect(where.status).toBe(400);
        expect(where.body[0].errorCode).toBe('INVALID_FIELD');
        expect(where.body[0].message).toContain('Address fields can only be filtered using Distance expressions');
        expect(where.body[0].message).toMatch(/\^\nERROR at Row:1:Column:\d+\n/);
        const order = await c.sf(q('SELECT Id FROM Account ORDER BY BillingAddress'));
        expect(order.status).toBe(400);
        expect(order.body[0].errorCode).toBe('MALFORMED_QUERY');
        expect(order.body[0].message).toContain("can not be sorted in a query call");
        const longText = await c.sf(q("SELECT Id FROM Account WHERE Description = 'x'"));
        expect(longText.status).toBe(400);
        expect(longText.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("field 'Description' can not be filtered in a query call") });
        const write = await account({ BillingAddress: { city: 'Paris' } });
        expect(write.status).toBe(400);
        expect(write.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['BillingAddress'] });
    });
});

describe('state and country picklists (on by default)', () => {
    it('a code sets the name and a name sets the code', async () => {
        const byCode = await account({ BillingCountryCode: 'DE', BillingStateCode: 'BY' });
        expect(c.emu.org.get(byCode.body.id)).toMatchObject({ BillingCountry: 'Germany', BillingCountryCode: 'DE', BillingState: 'Bayern', BillingStateCode: 'BY' });
        const byName = await account({ ShippingCountry: 'japan', ShippingState: 'Tokyo' });
        expect(byName.status).toBe(201);
        expect(c.emu.org.get(byName.body.id)).toMatchObject({ ShippingCountry: 'Japan', ShippingCountryCode: 'JP', ShippingState: 'Tokyo', ShippingStateCode: '13' });
        const lead = await c.sf('sobjects/Lead', { method: 'POST', json: { LastName: 'Geo', Company: 'Geo', CountryCode: 'GB', State: 'Scotland' } });
        expect(c.emu.org.get(lead.body.id)).toMatchObject({ Country: 'United Kingdom', StateCode: 'SCT' });
        const upd = await c.sf(`sobjects/Account/${byCode.body.id}`, { method: 'PATCH', json: { BillingState: 'Berlin' } });
        expect(upd.status).toBe(204);
        expect(c.emu.org.get(byCode.body.id)).toMatchObject({ BillingState: 'Berlin', BillingStateCode: 'BE', BillingCountryCode: 'DE' });
    });

    it('invalid names and codes fail with the errors production gives', async () => {
        const cases: Array<[Json, Json]> = [
            [{ BillingCountry: 'Atlantis' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingCountry'], message: "There's a problem with this country, even though it may appear correct. Please select a country/territory from the list of valid countries.: Billing Country" }],
            [{ BillingCountry: 'USA' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingCountry'] }],
            [{ BillingCountryCode: 'XX' }, { errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['BillingCountryCode'], message: 'Billing Country Code: bad value for restricted picklist field: XX' }],
            [{ BillingState: 'California' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingState'], message: 'A country/territory must be specified before specifying a state value for field: Billing State/Province' }],
            [{ BillingCountryCode: 'US', BillingStateCode: 'ON' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingStateCode'], message: "The BillingStateCode field contains ON, which isn't an available state. Your administrator can add it for you." }],
            [{ BillingCountryCode: 'US', BillingStateCode: 'ZZ' }, { errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['BillingStateCode'] }],
            [{ BillingCountry: 'United States', BillingState: 'Narnia' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingState'], message: "There's a problem with this state, even though it may appear correct. Please select a state from the list of valid states.: Billing State/Province" }],
            [{ BillingCountryCode: 'US', BillingCountry: 'Canada' }, { errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingCountry'] }]
        ];
        const before = c.emu.org.count('Account');
        for (const [body, error] of cases) {
            const res = await account(body);
            expect(res.status, JSON.stringify(body)).toBe(400);
            expect(res.body[0]).toMatchObject(error);
        }
        expect(c.emu.org.count('Account')).toBe(before);
    });

    it('moving the country under an existing state is refused; clearing both is fine', async () => {
        const a = await account({ BillingCountryCode: 'US', BillingStateCode: 'CA' });
        const move = await c.sf(`sobjects/Account/${a.body.id}`, { method: 'PATCH', json: { BillingCountryCode: 'DE' } });
        expect(move.status).toBe(400);
        expect(move.body[0]).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['BillingStateCode'], message: "The existing country/territory doesn't recognize the state value for field: Billing State/Province Code" });
        expect(c.emu.org.get(a.body.id)?.['BillingCountryCode']).toBe('US');
        const clear = await c.sf(`sobjects/Account/${a.body.id}`, { method: 'PATCH', json: { BillingCountryCode: null, BillingStateCode: null } });
        expect(clear.status).toBe(204);
        expect(c.emu.org.get(a.body.id)).toMatchObject({ BillingCountry: null, BillingCountryCode: null, BillingState: null, BillingStateCode: null });
    });

    it('collections report the same errors per record, without an id', async () => {
        const res = await c.sf('composite/sobjects', {
            method: 'POST',
            json: { records: [{ attributes: { type: 'Account' }, Name: 'Ok', BillingCountryCode: 'FR', BillingStateCode: 'IDF' }, { attributes: { type: 'Account' }, Name: 'Bad', BillingCountry: 'Atlantis' }] }
        });
        expect(res.body[0]).toMatchObject({ success: true });
        expect(c.emu.org.get(res.body[0].id)).toMatchObject({ BillingCountry: 'France', BillingState: 'Île-de-France' });
        expect(res.body[1]).toEqual({ success: false, errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: expect.stringContaining("There's a problem with this country"), fields: ['BillingCountry'] }] });
    });
});

describe('without state and country picklists (traits.stateCountryPicklists: false)', () => {
    let plain: Client;
    beforeAll(async () => {
        plain = await start({ traits: { stateCountryPicklists: false } });
    });
    afterAll(async () => {
        await plain.emu.stop();
    });

    it('has no code fields, free-text names, and compound values without codes', async () => {
        const d = await describeOf(plain, 'Account');
        const names = (d['fields'] as Json[]).map((f) => f['name']);
        expect(names).not.toContain('BillingStateCode');
        expect(names).not.toContain('BillingCountryCode');
        expect(names).toContain('BillingGeocodeAccuracy');
        const res = await plain.sf('sobjects/Account', { method: 'POST', json: { Name: 'Free', BillingCountry: 'Atlantis', BillingState: 'Deep' } });
        expect(res.status).toBe(201);
        const got = await plain.sf(`sobjects/Account/${res.body.id}`);
        expect(got.body.BillingAddress).toEqual({ city: null, country: 'Atlantis', geocodeAccuracy: null, latitude: null, longitude: null, postalCode: null, state: 'Deep', street: null });
        const code = await plain.sf('sobjects/Account', { method: 'POST', json: { Name: 'Free', BillingCountryCode: 'US' } });
        expect(code.status).toBe(400);
        expect(code.body[0].errorCode).toBe('INVALID_FIELD');
        const seeded = await plain.sf(q("SELECT BillingCountry FROM Account WHERE BillingCountry = 'USA' LIMIT 1"));
        expect(seeded.body.totalSize).toBe(1);
    });
});

describe('formula fields', () => {
    it('describe: calculated with its formula, never createable or updateable', async () => {
        const d = await describeOf(c, 'Account');
        expect(fieldOf(d, 'Is_Enterprise__c')).toMatchObject({
            type: 'boolean', calculated: true, calculatedFormula: 'NumberOfEmployees > 1000', createable: false, updateable: false, custom: true, nillable: false,
            inlineHelpText: 'Checked when the account has more than 1,000 employees.', formulaTreatNullNumberAsZero: false
        });
        expect(fieldOf(await describeOf(c, 'Opportunity'), 'Expected_Revenue_Formula__c')).toMatchObject({ type: 'currency', calculated: true, formulaTreatNullNumberAsZero: true, groupable: false });
        for (const [object, field] of [['Contact', 'Email_Domain__c'], ['Lead', 'Is_Hot__c'], ['Case', 'Is_Open_High_Priority__c'], ['Invoice__c', 'Amount_With_Tax__c']] as const) {
            expect(fieldOf(await describeOf(c, object), field)).toMatchObject({ calculated: true, createable: false, updateable: false, calculatedFormula: expect.any(String) });
        }
    });

    it('the value is computed on every read: record GET, SOQL select, WHERE and ORDER BY', async () => {
        const a = await account({ NumberOfEmployees: 5 });
        const id = a.body.id;
        expect((await c.sf(`sobjects/Account/${id}`)).body.Is_Enterprise__c).toBe(false);
        await c.sf(`sobjects/Account/${id}`, { method: 'PATCH', json: { NumberOfEmployees: 5000 } });
        expect((await c.sf(`sobjects/Account/${id}?fields=Is_Enterprise__c`)).body.Is_Enterprise__c).toBe(true);
        const filtered = await c.sf(q(`SELECT Id, Is_Enterprise__c FROM Account WHERE Is_Enterprise__c = true AND Id = '${id}'`));
        expect(filtered.body.records).toEqual([expect.objectContaining({ Id: id, Is_Enterprise__c: true })]);
        const opp = await c.sf('sobjects/Opportunity', { method: 'POST', json: { Name: 'F', StageName: 'Prospecting', CloseDate: '2030-01-01', Amount: 1000 } });
        const o = await c.sf(q(`SELECT Probability, Expected_Revenue_Formula__c FROM Opportunity WHERE Id = '${opp.body.id}'`));
        expect(o.body.records[0]).toMatchObject({ Probability: 10, Expected_Revenue_Formula__c: 100 });
        const contacts = await c.sf(q("SELECT Email, Email_Domain__c FROM Contact WHERE Email != null ORDER BY Email_Domain__c LIMIT 5"));
        const domains = contacts.body.records.map((r: Json) => r['Email_Domain__c']);
        for (const r of contacts.body.records) expect(r.Email_Domain__c).toBe(String(r.Email).split('@')[1]);
        expect([...domains].sort()).toEqual(domains);
    });

    it('writing a formula field is refused with INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
        const res = await account({ Is_Enterprise__c: true });
        expect(res.status).toBe(400);
        expect(res.body[0]).toEqual({
            errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            message: 'Unable to create/update fields: Is_Enterprise__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
            fields: ['Is_Enterprise__c']
        });
    });
});

describe('sObject Collections result shapes (REST API Developer Guide examples)', () => {
    const rolledBack = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] };

    it('update: a failed record has no id; with allOrNone a rolled-back record keeps its id', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Shape A' });
        const res = await c.sf('composite/sobjects', {
            method: 'PATCH',
            json: { records: [{ attributes: { type: 'Account' }, id: a['Id'], Name: 'Shape A2' }, { attributes: { type: 'Account' }, id: '001000000000001AAA', Name: 'x' }, { attributes: { type: 'Contact' }, id: a['Id'], LastName: 'x' }] }
        });
        expect(res.body[0]).toEqual({ id: a['Id'], success: true, errors: [] });
        expect(res.body[1]).toEqual({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] });
        expect(res.body[2]).toEqual({ success: false, errors: [{ statusCode: 'MALFORMED_ID', message: `Contact ID: id value of incorrect type: ${String(a['Id'])}`, fields: ['Id'] }] });
        const all = await c.sf('composite/sobjects', {
            method: 'PATCH',
            json: { allOrNone: true, records: [{ attributes: { type: 'Account' }, id: a['Id'], Name: 'Shape A3' }, { attributes: { type: 'Account' }, id: a['Id'], Name: '' }] }
        });
        expect(all.body[0]).toEqual({ id: a['Id'], success: false, errors: [rolledBack] });
        expect(Object.keys(all.body[1])).toEqual(['success', 'errors']);
        expect(c.emu.org.get(a['Id'] as string)?.['Name']).toBe('Shape A2');
    });

    it('create: failed and rolled-back records have no id', async () => {
        const res = await c.sf('composite/sobjects', { method: 'POST', json: { allOrNone: true, records: [{ attributes: { type: 'Account' }, Name: 'Gone' }, { attributes: { type: 'Account' } }] } });
        expect(res.body[0]).toEqual({ success: false, errors: [rolledBack] });
        expect(res.body[1]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: expect.any(String), fields: ['Name'] }] });
    });

    it('delete: a malformed id fails without an id; allOrNone keeps the rolled-back id', async () => {
        const a = c.emu.org.insert('Account', { Name: 'Del Shape' });
        const res = await c.sf(`composite/sobjects?ids=${String(a['Id'])},001RM000003oLrB000&allOrNone=true`, { method: 'DELETE' });
        expect(res.body[0]).toEqual({ id: a['Id'], success: false, errors: [rolledBack] });
        expect(res.body[1]).toEqual({ success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id 001RM000003oLrB000', fields: [] }] });
        expect(c.emu.org.get(a['Id'] as string)?.['IsDeleted']).toBe(false);
    });

    it('upsert: failures carry neither id nor created; a rolled-back record keeps its id but not created', async () => {
        const path = 'composite/sobjects/Invoice__c/External_Id__c';
        const res = await c.sf(path, {
            method: 'PATCH',
            json: { allOrNone: true, records: [{ attributes: { type: 'Invoice__c' }, External_Id__c: 'SHAPE-1', Amount__c: 1 }, { attributes: { type: 'Invoice__c' }, External_Id__c: 'SHAPE-2', Status__c: 'Nope' }] }
        });
        expect(res.body[0]).toEqual({ id: expect.stringMatching(/^a0I\w{15}$/), success: false, errors: [rolledBack] });
        expect(res.body[1]).toEqual({ success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })] });
        expect((await c.sf(q("SELECT Id FROM Invoice__c WHERE External_Id__c = 'SHAPE-1'"))).body.totalSize).toBe(0);
    });

    it('PATCH /composite/sobjects/Account/Id: records with an Id are updated, records without one created, unknown ids fail', async () => {
        const a = c.emu.org.insert('Account', { Name: 'By Id' });
        const res = await c.sf('composite/sobjects/Account/Id', {
            method: 'PATCH',
            json: {
                records: [
                    { attributes: { type: 'Account' }, Id: a['Id'], Name: 'By Id 2' },
                    { attributes: { type: 'Account' }, Name: 'New By Id' },
                    { attributes: { type: 'Account' }, Id: '001000000000009AAA', Name: 'ghost' },
                    { attributes: { type: 'Account' }, Id: '003000000000009AAA', Name: 'wrong type' }
                ]
            }
        });
        expect(res.status).toBe(200);
        expect(res.body[0]).toEqual({ id: a['Id'], success: true, errors: [], created: false });
        expect(res.body[1]).toEqual({ id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [], created: true });
        expect(res.body[2]).toEqual({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] });
        expect(res.body[3]).toMatchObject({ success: false, errors: [{ statusCode: 'MALFORMED_ID', fields: ['Id'] }] });
        expect(res.body[3].id).toBeUndefined();
        expect(c.emu.org.get(a['Id'] as string)?.['Name']).toBe('By Id 2');
        expect(c.emu.org.get(res.body[1].id)?.['Name']).toBe('New By Id');
    });
});

describe('upsert and update by external id (sObject Rows by External ID)', () => {
    const ext = (version: string, value: string, query = ''): string => `/services/data/${version}/sobjects/Invoice__c/External_Id__c/${value}${query}`;

    it('create answers 201 with Location; update answers 200 with the result and no Location', async () => {
        const created = await c.sf(ext('v62.0', 'ROW-1'), { method: 'PATCH', json: { Amount__c: 5 } });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
        expect(created.headers.get('location')).toBe(`/services/data/v62.0/sobjects/Invoice__c/${created.body.id}`);
        const updated = await c.sf(ext('v62.0', 'ROW-1'), { method: 'PATCH', json: { Amount__c: 6 } });
        expect(updated.status).toBe(200);
        expect(updated.body).toEqual({ id: created.body.id, success: true, errors: [], created: false });
        expect(updated.headers.get('location')).toBeNull();
    });

    it('updateOnly=true (API 61.0+) never creates: 404 NOT_FOUND; older versions ignore the parameter', async () => {
        const before = c.emu.org.count('Invoice__c');
        const miss = await c.sf(ext('v61.0', 'ROW-NEW', '?updateOnly=true'), { method: 'PATCH', json: { Amount__c: 1 } });
        expect(miss.status).toBe(404);
        expect(miss.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
        expect(c.emu.org.count('Invoice__c')).toBe(before);
        const hit = await c.sf(ext('v61.0', 'ROW-1', '?updateOnly=true'), { method: 'PATCH', json: { Amount__c: 7 } });
        expect(hit.status).toBe(200);
        expect(hit.body).toMatchObject({ success: true, created: false });
        const old = await c.sf(ext('v60.0', 'ROW-OLD', '?updateOnly=true'), { method: 'PATCH', json: { Amount__c: 1 } });
        expect(old.status).toBe(201);
        expect(c.emu.org.count('Invoice__c')).toBe(before + 1);
    });

    it('Account rows carry an ETag; If-None-Match gives 304, a failed If-Match 412 and nothing is written', async () => {
        const a = await account({ Industry: 'Energy' });
        const got = await c.sf(`sobjects/Account/${a.body.id}`);
        const etag = got.headers.get('etag') ?? '';
        expect(etag).toMatch(/^"[A-Za-z0-9+/]+=*--gzip"$/);
        const same = await c.sf(`sobjects/Account/${a.body.id}`, { headers: { 'If-None-Match': etag } });
        expect(same.status).toBe(304);
        const patched = await c.sf(`sobjects/Account/${a.body.id}`, { method: 'PATCH', json: { Industry: 'Media' }, headers: { 'If-Match': etag } });
        expect(patched.status).toBe(204);
        const next = (await c.sf(`sobjects/Account/${a.body.id}`)).headers.get('etag');
        expect(next).not.toBe(etag);
        expect(got.headers.get('last-modified')).toMatch(/GMT$/);
        const stale = await c.sf(`sobjects/Account/${a.body.id}`, { method: 'PATCH', json: { Industry: 'Retail' }, headers: { 'If-Match': etag } });
        expect(stale.status).toBe(412);
        expect(stale.body[0].errorCode).toBe('PRECONDITION_FAILED');
        expect(c.emu.org.get(a.body.id)?.['Industry']).toBe('Media');
        expect((await c.sf(`sobjects/Account/${a.body.id}`, { headers: { 'If-None-Match': etag } })).status).toBe(200);
        const contact = await c.sf('sobjects/Contact', { method: 'POST', json: { LastName: 'NoTag' } });
        expect((await c.sf(`sobjects/Contact/${contact.body.id}`)).headers.get('etag')).toBeNull();
    });

    it('POST /sobjects/{T}/Id creates (Id as the external id with a null value)', async () => {
        const res = await c.sf('sobjects/Invoice__c/Id', { method: 'POST', json: { Amount__c: 9 } });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ id: expect.stringMatching(/^a0I/), success: true, errors: [], created: true });
        expect(res.headers.get('location')).toBe(`/services/data/${V}/sobjects/Invoice__c/${res.body.id}`);
    });
});
