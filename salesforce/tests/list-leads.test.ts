import action from '../actions/list-leads.js';
import { describeListAction } from './list-action.js';

describeListAction({
    name: 'list-leads',
    action,
    key: 'leads',
    select: 'SELECT Id, FirstName, LastName, Name, Company, Title, Email, Phone, Website, Industry, Status, LeadSource, Description, Street, City, State, PostalCode, Country, OwnerId, IsConverted, ConvertedDate, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate, SystemModstamp FROM Lead',
    queries: {
        firstPage: String.raw`WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        secondPage: String.raw`WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00Q5g00000Ld002EAB'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        exactly: String.raw`WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
        defaults: String.raw`ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        hostile: String.raw`WHERE (Status = 'x\' OR IsConverted = true OR Status = \'') AND (Name LIKE '%100\%%') AND (Company LIKE '%a\_b\\%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        sorted: String.raw`ORDER BY LastName DESC, Id DESC LIMIT 2`,
        sortedNext: String.raw`WHERE (LastName < 'Zhang') OR ((LastName = 'Zhang') AND (Id < '00Q5g00000Ld002EAB')) ORDER BY LastName DESC, Id DESC LIMIT 2`,
        filters: String.raw`WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (IsConverted = false) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        forged: String.raw`WHERE (LastName < 'x\' OR Id != \'') OR ((LastName = 'x\' OR Id != \'') AND (Id < '00Q5g00000Ld001EAB')) ORDER BY LastName DESC, Id DESC LIMIT 51`
    },
    ids: {
        firstPage: ['00Q5g00000Ld001EAB', '00Q5g00000Ld002EAB'],
        secondPage: ['00Q5g00000Ld003EAB'],
        exactly: ['00Q5g00000Ld001EAB', '00Q5g00000Ld002EAB', '00Q5g00000Ld003EAB'],
        defaults: ['00Q5g00000Ld001EAB', '00Q5g00000Ld002EAB'],
        sorted: ['00Q5g00000Ld002EAB'],
        sortedNext: ['00Q5g00000Ld003EAB'],
        filters: ['00Q5g00000Ld001EAB']
    },
    firstCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000Z","00Q5g00000Ld002EAB"]',
    hostileInput: { status: "x' OR IsConverted = true OR Status = '", nameContains: '100%', companyContains: 'a_b\\' },
    sort: { key: 'lastName', input: { sortBy: 'lastName', sortDirection: 'desc', limit: 1 }, cursor: '["lastName","DESC","Zhang","00Q5g00000Ld002EAB"]' },
    filtersInput: { ownerId: '0055g00000Us0A1AAJ', isConverted: false, modifiedSince: '2024-05-01T10:00:00Z' },
    forgedCursor: `["lastName","DESC","x' OR Id != '","00Q5g00000Ld001EAB"]`,
    errorInputs: { session: { status: 'Expired' }, limit: { status: 'Limited' } },
    objectId: '00Q5g00000Ld001EAB',
    otherObjectId: '0035g00000AbC01AAF',
    textFilter: 'status',
    refusals: [
        ['isConverted as text', { isConverted: 'yes' }],
        ['an empty companyContains', { companyContains: '' }]
    ]
});
