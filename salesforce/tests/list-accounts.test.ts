import action from '../actions/list-accounts.js';
import { describeListAction } from './list-action.js';

describeListAction({
    name: 'list-accounts',
    action,
    key: 'accounts',
    select: 'SELECT Id, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, SystemModstamp FROM Account',
    queries: {
        firstPage: String.raw`WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        secondPage: String.raw`WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '001D000000IqhSMIAZ'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        exactly: String.raw`WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
        defaults: String.raw`ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        hostile: String.raw`WHERE (Industry = '\\\' OR Id != \'') AND (Type = 'x\' OR Name != \'') AND (Name LIKE '%50\%\_off\\%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        sorted: String.raw`ORDER BY Name ASC, Id ASC LIMIT 2`,
        sortedNext: String.raw`WHERE (Name > 'Bob\'s Burgers') OR ((Name = 'Bob\'s Burgers') AND (Id > '001D000000IqhSNIAZ')) ORDER BY Name ASC, Id ASC LIMIT 2`,
        filters: String.raw`WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY CreatedDate ASC, Id ASC LIMIT 51`,
        forged: String.raw`WHERE (Name > 'x\' OR Id != \'') OR ((Name = 'x\' OR Id != \'') AND (Id > '001D000000IqhSLIAZ')) ORDER BY Name ASC, Id ASC LIMIT 51`
    },
    ids: {
        firstPage: ['001D000000IqhSLIAZ', '001D000000IqhSMIAZ'],
        secondPage: ['001D000000IqhSNIAZ'],
        exactly: ['001D000000IqhSLIAZ', '001D000000IqhSMIAZ', '001D000000IqhSNIAZ'],
        defaults: ['001D000000IqhSLIAZ', '001D000000IqhSMIAZ'],
        sorted: ['001D000000IqhSNIAZ'],
        sortedNext: ['001D000000IqhPAIAZ'],
        filters: ['001D000000IqhSLIAZ']
    },
    firstCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000Z","001D000000IqhSMIAZ"]',
    hostileInput: { industry: "\\' OR Id != '", type: "x' OR Name != '", nameContains: '50%_off\\' },
    sort: { key: 'name', input: { sortBy: 'name', limit: 1 }, cursor: `["name","ASC","Bob's Burgers","001D000000IqhSNIAZ"]` },
    filtersInput: { ownerId: '0055g00000Us0A1', modifiedSince: '2024-05-01T12:00:00+02:00', sortBy: 'createdDate', sortDirection: 'asc' },
    forgedCursor: `["name","ASC","x' OR Id != '","001D000000IqhSLIAZ"]`,
    errorInputs: { session: { industry: 'Energy' }, limit: { industry: 'Retail' } },
    objectId: '001D000000IqhSLIAZ',
    otherObjectId: '0035g00000AbC01AAF',
    textFilter: 'industry',
    refusals: [
        ['an empty nameContains', { nameContains: '' }],
        ['an industry over 255 characters', { industry: 'x'.repeat(256) }]
    ]
});
