import action from '../actions/list-contacts.js';
import { describeListAction } from './list-action.js';

describeListAction({
    name: 'list-contacts',
    action,
    key: 'contacts',
    select: 'SELECT Id, FirstName, LastName, Name, Email, Phone, MobilePhone, Title, Department, LeadSource, Birthdate, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, AccountId, Account.Name, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp FROM Contact',
    queries: {
        firstPage: String.raw`WHERE (AccountId IN ('001D000000IqhSLIAZ')) AND (Name LIKE '%ng%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        secondPage: String.raw`WHERE (AccountId IN ('001D000000IqhSLIAZ')) AND (Name LIKE '%ng%') AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '0035g00000AbC02AAF'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        exactly: String.raw`WHERE (AccountId IN ('001D000000IqhSLIAZ')) AND (Name LIKE '%ng%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
        defaults: String.raw`ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        hostile: String.raw`WHERE (Email = 'x\\\' OR Email != \'') AND (Name LIKE '%O\'Brien\_\%%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        sorted: String.raw`ORDER BY LastName ASC, Id ASC LIMIT 2`,
        sortedNext: String.raw`WHERE (LastName > 'O\'Brien') OR ((LastName = 'O\'Brien') AND (Id > '0035g00000AbC03AAF')) ORDER BY LastName ASC, Id ASC LIMIT 2`,
        filters: String.raw`WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY LastModifiedDate ASC, Id ASC LIMIT 51`,
        forged: String.raw`WHERE (LastName > 'x\' OR Id != \'') OR ((LastName = 'x\' OR Id != \'') AND (Id > '0035g00000AbC01AAF')) ORDER BY LastName ASC, Id ASC LIMIT 51`
    },
    ids: {
        firstPage: ['0035g00000AbC01AAF', '0035g00000AbC02AAF'],
        secondPage: ['0035g00000AbC03AAF'],
        exactly: ['0035g00000AbC01AAF', '0035g00000AbC02AAF', '0035g00000AbC03AAF'],
        defaults: ['0035g00000AbC01AAF', '0035g00000AbC02AAF'],
        sorted: ['0035g00000AbC03AAF'],
        sortedNext: ['0035g00000AbC02AAF'],
        filters: ['0035g00000AbC01AAF']
    },
    firstCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000Z","0035g00000AbC02AAF"]',
    hostileInput: { email: "x\\' OR Email != '", nameContains: "O'Brien_%" },
    sort: { key: 'lastName', input: { sortBy: 'lastName', limit: 1 }, cursor: `["lastName","ASC","O'Brien","0035g00000AbC03AAF"]` },
    filtersInput: { ownerId: '0055g00000Us0A1AAJ', modifiedSince: '2024-05-01T10:00:00Z', sortDirection: 'asc' },
    forgedCursor: `["lastName","ASC","x' OR Id != '","0035g00000AbC01AAF"]`,
    errorInputs: { session: { email: 'expired@acme.example' }, limit: { email: 'limit@acme.example' } },
    objectId: '0035g00000AbC01AAF',
    otherObjectId: '001D000000IqhSLIAZ',
    textFilter: 'email',
    refusals: [
        ['an accountId with a wrong checksum', { accountId: '001D000000IqhSLAAA' }],
        ['an email over 80 characters', { email: `${'x'.repeat(75)}@acme.example` }]
    ]
});
