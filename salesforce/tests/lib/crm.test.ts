import { describe, expect, it } from 'vitest';
import * as z from 'zod';

import { outputSchemaOf, toOutput, toSalesforceBody } from '../../lib/crm/typed.js';
import { InputError } from '../../lib/http/errors.js';
import { camelKey, camelSchema, toCamel } from '../../models/camel.js';
import { ACCOUNT_FIELD_MAP, AccountObject, AccountSchema } from '../../models/account.js';
import { OPPORTUNITY_DERIVED_FIELDS, OPPORTUNITY_FIELD_MAP, OpportunityObject, OpportunitySchema } from '../../models/opportunity.js';

/** An error thrown by fn, so its fields can be checked. */
function thrown(fn: () => unknown): unknown {
    try {
        fn();
    } catch (error) {
        return error;
    }
    return undefined;
}

const Nested = z.object({
    order_id: z.string().describe('The order.'),
    ship_to: z.object({ postal_code: z.string().nullable(), street_line_1: z.string() }).nullable(),
    line_items: z.array(z.object({ unit_price: z.number(), product_code: z.string() })),
    custom_fields: z.record(z.string(), z.unknown())
});

describe('camelCase view of a model', () => {
    it('camelKey turns snake_case into camelCase, digits included', () => {
        expect(camelKey('annual_revenue')).toBe('annualRevenue');
        expect(camelKey('street_line_1')).toBe('streetLine1');
        expect(camelKey('id')).toBe('id');
    });

    it('camelSchema renames every property, nested objects too, and keeps descriptions', () => {
        const schema = camelSchema(AccountSchema);
        expect(Object.keys(schema.shape)).toEqual([
            'id',
            'name',
            'type',
            'industry',
            'website',
            'phone',
            'description',
            'annualRevenue',
            'currencyIsoCode',
            'numberOfEmployees',
            'billingAddress',
            'shippingAddress',
            'parentId',
            'ownerId',
            'ownerName',
            'createdDate',
            'lastModifiedDate',
            'systemModstamp',
            'customFields'
        ]);
        const billing = schema.shape['billingAddress'] as z.ZodObject;
        expect(Object.keys(billing.shape)).toEqual(['street', 'city', 'state', 'postalCode', 'country']);
        expect((schema.shape['id'] as z.ZodType).description).toBe('18-character Account id, starts with 001, e.g. "001D000000IqhSLIAZ".');
        expect(outputSchemaOf(AccountObject).shape).toHaveProperty('numberOfEmployees');
    });

    it('the typed Account and Opportunity views leave out currencyIsoCode (the typed actions do not select it); the sync models keep it', () => {
        expect(outputSchemaOf(AccountObject).shape).not.toHaveProperty('currencyIsoCode');
        expect(outputSchemaOf(OpportunityObject).shape).not.toHaveProperty('currencyIsoCode');
        expect(outputSchemaOf(OpportunityObject).shape).toHaveProperty('amount');
        expect(camelSchema(OpportunitySchema).shape).toHaveProperty('currencyIsoCode');
        expect(AccountObject.fields).not.toContain('CurrencyIsoCode');
        expect(OpportunityObject.fields).not.toContain('CurrencyIsoCode');
    });

    it('toCamel follows the schema: a property the model has but the view lacks is left out, one the value lacks is not invented', () => {
        const view = z.object({ id: z.string(), annual_revenue: z.number().nullable() });
        expect(toCamel({ id: '001', annual_revenue: 5, currency_iso_code: 'EUR' }, view)).toEqual({ id: '001', annualRevenue: 5 });
        expect(toCamel({ id: '001' }, view)).toEqual({ id: '001' });
    });

    it('camelSchema converts objects inside nullable and array types, and leaves the custom_fields map as a map', () => {
        const schema = camelSchema(Nested);
        const value = {
            orderId: 'O-1',
            shipTo: { postalCode: '94105', streetLine1: '1 Market St' },
            lineItems: [{ unitPrice: 5, productCode: 'P-1' }],
            customFields: { Region__c: 'EMEA', snake_case__c: 1 }
        };
        expect(schema.parse(value)).toEqual(value);
        expect(schema.parse({ ...value, shipTo: null })['shipTo']).toBeNull();
        expect(schema.safeParse({ ...value, lineItems: [{ unit_price: 5, product_code: 'P-1' }] }).success).toBe(false);
    });

    it('toCamel converts nested object, nullable and array keys but keeps custom_fields keys exactly as given', () => {
        const out = toCamel(
            {
                order_id: 'O-1',
                ship_to: { postal_code: '94105', street_line_1: '1 Market St' },
                line_items: [{ unit_price: 5, product_code: 'P-1' }],
                custom_fields: { Region__c: 'EMEA', snake_case__c: { inner_key: 1 } }
            },
            Nested
        );
        expect(out).toEqual({
            orderId: 'O-1',
            shipTo: { postalCode: '94105', streetLine1: '1 Market St' },
            lineItems: [{ unitPrice: 5, productCode: 'P-1' }],
            customFields: { Region__c: 'EMEA', snake_case__c: { inner_key: 1 } }
        });
        expect(toCamel({ order_id: 'O-2', ship_to: null, line_items: [], custom_fields: {} }, Nested)).toEqual({ orderId: 'O-2', shipTo: null, lineItems: [], customFields: {} });
    });

    it('toOutput maps a Salesforce record through the model into its camelCase view', () => {
        const out = toOutput(AccountObject, {
            attributes: { type: 'Account', url: '/services/data/v66.0/sobjects/Account/001D000000IqhSLIAZ' },
            Id: '001D000000IqhSLIAZ',
            Name: 'Acme Corporation',
            AnnualRevenue: 2500000,
            BillingPostalCode: '94105',
            Owner: { attributes: { type: 'User' }, Name: 'Grace Hopper' },
            LastModifiedDate: '2024-05-03T10:00:00.000+0000'
        });
        expect(out).toMatchObject({
            id: '001D000000IqhSLIAZ',
            name: 'Acme Corporation',
            annualRevenue: 2500000,
            billingAddress: { street: null, city: null, state: null, postalCode: '94105', country: null },
            ownerName: 'Grace Hopper',
            lastModifiedDate: '2024-05-03T10:00:00.000Z',
            createdDate: null,
            customFields: {}
        });
        expect(out).not.toHaveProperty('billing_address');
        // the model maps CurrencyIsoCode, the typed view omits it
        expect(AccountObject.map({ Id: '001D000000IqhSLIAZ', CurrencyIsoCode: 'EUR' })).toHaveProperty('currency_iso_code', 'EUR');
        expect(out).not.toHaveProperty('currencyIsoCode');
        expect(toOutput(AccountObject, { Id: '001D000000IqhSLIAZ', Name: 'Acme', CurrencyIsoCode: 'EUR' })).not.toHaveProperty('currencyIsoCode');
    });
});

describe('toSalesforceBody', () => {
    it('maps given inputs to Salesforce names in field-map order, skipping absent ones and inputs outside the map', () => {
        const body = toSalesforceBody({ recordId: '001D000000IqhSLIAZ', numberOfEmployees: 250, name: 'Acme', billingCity: 'Oakland', phone: undefined }, ACCOUNT_FIELD_MAP);
        expect(body).toEqual({ Name: 'Acme', NumberOfEmployees: 250, BillingCity: 'Oakland' });
        expect(Object.keys(body)).toEqual(['Name', 'NumberOfEmployees', 'BillingCity']);
    });

    it('keeps null (it clears the field in Salesforce)', () => {
        expect(toSalesforceBody({ description: null }, ACCOUNT_FIELD_MAP)).toEqual({ Description: null });
    });

    it('adds customFields after the typed fields, by API name, dropping attributes', () => {
        const body = toSalesforceBody({ name: 'Acme' }, ACCOUNT_FIELD_MAP, { Region__c: 'EMEA', attributes: { type: 'Account' }, Parent__r: { External_Id__c: 'P-1' } });
        expect(body).toEqual({ Name: 'Acme', Region__c: 'EMEA', Parent__r: { External_Id__c: 'P-1' } });
        expect(Object.keys(body)).toEqual(['Name', 'Region__c', 'Parent__r']);
    });

    it.each([['Name'], ['name'], ['NAME']])('refuses customFields key %s when a typed input already sets Name', (key) => {
        const error = thrown(() => toSalesforceBody({ name: 'Acme' }, ACCOUNT_FIELD_MAP, { [key]: 'Other' }));
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).issues).toEqual([{ path: 'customFields', message: `sets ${key}, which a typed input already sets` }]);
    });

    it('accepts a customFields key for a mapped field the typed inputs leave unset', () => {
        expect(toSalesforceBody({ name: 'Acme' }, ACCOUNT_FIELD_MAP, { Industry: 'Energy' })).toEqual({ Name: 'Acme', Industry: 'Energy' });
    });

    it('refuses forbidden fields in any case, with the reason', () => {
        const input = { name: 'Deal', stageName: 'Prospecting', closeDate: '2026-12-31' };
        expect(() => toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, { IsWon: true }, OPPORTUNITY_DERIVED_FIELDS)).toThrow(/IsWon follows the stage/);
        expect(() => toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, { isclosed: false }, OPPORTUNITY_DERIVED_FIELDS)).toThrow(InputError);
        expect(toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, { Region__c: 'EMEA' }, OPPORTUNITY_DERIVED_FIELDS)).toEqual({
            Name: 'Deal',
            StageName: 'Prospecting',
            CloseDate: '2026-12-31',
            Region__c: 'EMEA'
        });
    });

    it.each([
        ['Id', { Id: '001D000000IqhSLIAZ' }],
        ['a key with a quote', { "Region__c'": 'x' }],
        ['a key with a space', { 'Region c': 'x' }],
        ['a relationship path', { 'Owner.Name': 'x' }],
        ['a SOQL keyword', { From: 'x' }]
    ])('refuses %s in customFields', (_label, customFields) => {
        expect(() => toSalesforceBody({ name: 'Acme' }, ACCOUNT_FIELD_MAP, customFields)).toThrow(InputError);
    });
});
