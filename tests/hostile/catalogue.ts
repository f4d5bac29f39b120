/**
 * Hostile values, grouped by the kind of input they attack. Each entry is [label, value].
 */
import { API, IDS, badChecksum } from './harness.js';

export type Named = [label: string, value: unknown];

export const HUGE = 'x'.repeat(100_000);

/** Path traversal and URL tricks, for every input that becomes (part of) a URL path. */
export const PATH_TRICKS: Named[] = [
    ['dot-dot slash', '../limits'],
    ['encoded slash', '..%2Flimits'],
    ['encoded dots', '%2e%2e'],
    ['encoded dots and slash', '%2E%2E%2Flimits'],
    ['query string', '?q=SELECT+Id+FROM+User'],
    ['fragment', '#x'],
    ['absolute url', 'https://evil.example/'],
    ['protocol-relative url', '//evil.example'],
    ['newline header injection', 'Account\nX-Evil: 1'],
    ['carriage return', 'Account\r'],
    ['NUL', 'Account\u0000'],
    ['backslash traversal', '..\\limits'],
    ['nested traversal', 'Account/../../limits'],
    ['single dot', '.'],
    ['double dot', '..'],
    ['semicolon', 'Account;limits'],
    ['percent-encoded NUL', 'Account%00'],
    ['tab', 'Acc\tount']
];

/** Wrong JSON types for a string input. */
export const WRONG_TYPES: Named[] = [
    ['number for string', 42],
    ['object for string', { a: 1 }],
    ['array for string', ['x']],
    ['boolean for string', true],
    ['null for string', null]
];

export const EMPTY_AND_HUGE: Named[] = [
    ['empty string', ''],
    ['100k-character string', HUGE]
];

/** Names that are not API names (besides the path tricks). */
export const NAME_TRICKS: Named[] = [
    ['SOQL keyword', 'Select'],
    ['keyword FROM', 'FROM'],
    ['space', 'Account Name'],
    ['comma list', 'Name,Id'],
    ['closing parenthesis', 'Name) FROM User WHERE (Id'],
    ['quote', "Name'"],
    ['trailing underscore', 'Name_'],
    ['triple underscore', 'Name___c'],
    ['leading digit', '1Account'],
    ['81 characters', 'A'.repeat(81)],
    ['cyrillic lookalike', '\u0410ccount'],
    ['__proto__', '__proto__'],
    ['SOQL comment', 'Name--'],
    ['wildcard', 'Name%']
];

/** Text that tries to leave a SOQL/SOSL string literal or change the statement. */
export const LITERAL_TRICKS: Named[] = [
    ["O'Brien", "O'Brien"],
    ['quote OR', "' OR Name != '"],
    ['backslash-quote OR', "\\' OR 1=1"],
    ['unicode escape text', '\\u0027 OR 1=1'],
    ['trailing backslash', 'x\\'],
    ['two quotes', "''"],
    ['double quotes', '"x"'],
    ['percent and underscore', '50%_off'],
    ['lone percent', '%'],
    ['lone underscore', '_'],
    ['close paren OR', "') OR (Id != null"],
    ['LIMIT clause', "' LIMIT 1 --"],
    ['RETURNING injection', '} RETURNING User(Id)'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['carriage return', 'a\rb'],
    ['NUL', 'a\u0000b'],
    ['bell', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['line separator', 'a\u2028b'],
    ['non-ASCII', 'Åström 👍'],
    ['SOSL reserved characters', '?&|!{}[]()^~*:\\"\'+-'],
    ['operator words', 'x OR y AND NOT z'],
    ['escaped backslash then quote', "a\\\\'b"],
    ['path traversal', '../limits'],
    ['absolute url', 'https://evil.example/'],
    ['single space', ' ']
];

/** SOSL search terms (in addition to LITERAL_TRICKS). */
export const SOSL_TRICKS: Named[] = [
    ['closing brace RETURNING', 'acme} IN ALL FIELDS RETURNING User(Id'],
    ['lone operator word', 'and'],
    ['wildcards', 'acme*?'],
    ['one character after trim', '  x  '],
    ['only spaces', '     '],
    ['quoted phrase', '"acme corp'],
    ['4,001 characters', 'a'.repeat(4_001)]
];

/** Id tricks for an id input whose correct key prefix is that of `valid`; `wrongPrefix` is an id of another object. */
export function idTricks(valid: string, wrongPrefix: string): Named[] {
    return [
        ...PATH_TRICKS,
        ['14 characters', valid.slice(0, 14)],
        ['16 characters', valid.slice(0, 16)],
        ['17 characters', valid.slice(0, 17)],
        ['19 characters', `${valid}A`],
        ['bad checksum', badChecksum(valid)],
        ['id then traversal', `${valid}/../limits`],
        ['id then query', `${valid}?fields=Id`],
        ['id then SOQL', `${valid}' OR Id != '`],
        ['fullwidth digits', '\uff10\uff10\uff11' + valid.slice(3, 15)],
        ['wrong key prefix', wrongPrefix],
        ...WRONG_TYPES,
        ...EMPTY_AND_HUGE
    ];
}

/** Subrequest URLs (absolute form) that must never pass. */
export function absoluteUrlTricks(): Named[] {
    return [
        ['traversal', `${API}/sobjects/../limits`],
        ['traversal to other version', `/services/data/v66.0/../v20.0/sobjects/Account`],
        ['encoded dots', `${API}/sobjects/%2e%2e/limits`],
        ['encoded slash traversal', `${API}/sobjects/Account/..%2F..%2Flimits`],
        ['double slash', `${API}/sobjects//Account`],
        ['resource not allowed', `${API}/limits`],
        ['absolute url', `https://evil.example${API}/sobjects/Account`],
        ['protocol-relative url', `//evil.example${API}/sobjects/Account`],
        ['fragment', `${API}/sobjects/Account#x`],
        ['newline', `${API}/sobjects/Account\nX-Evil: 1`],
        ['carriage return', `${API}/sobjects/Account\r`],
        ['NUL', `${API}/sobjects/Account\u0000`],
        ['backslash', `${API}/sobjects\\..\\limits`],
        ['space', `${API}/sobjects/Account /limits`],
        ['retired version', '/services/data/v20.0/sobjects/Account'],
        ['no version', '/services/data/sobjects/Account'],
        ['malformed percent-encoding', `${API}/sobjects/%E0%A4%A`],
        ['relative form where absolute is required', 'v66.0/sobjects/Account'],
        ['case-changed resource', `${API}/SObjects/Account`],
        // the allowlist: exact resource forms, no matrix parameters, no record sub-resources
        ['dot-dot-semicolon segments', `${API}/sobjects/Account/..;/..;/limits`],
        ['semicolon parameter', `${API}/sobjects/Account;x=1`],
        ['encoded semicolon', `${API}/sobjects/Account%3B`],
        ['password sub-resource', `${API}/sobjects/User/${IDS.user}/password`],
        ['record relationship', `${API}/sobjects/Account/${IDS.account}/Contacts`],
        ['standard action emailSimple', `${API}/actions/standard/emailSimple`],
        ['chatter', `${API}/chatter/feed-elements`],
        ['connect', `${API}/connect/communities`],
        ['tooling', `${API}/tooling/query?q=SELECT+Id+FROM+ApexClass`],
        ['apexrest', `${API}/apexrest/anything`],
        ['bulk jobs', `${API}/jobs/ingest`],
        ['reference as the sObject', `${API}/sobjects/@{r0.id}`],
        ['reference to a text field', `${API}/sobjects/Account/@{r0.Name}`],
        ...PATH_TRICKS,
        ...WRONG_TYPES,
        ...EMPTY_AND_HUGE
    ];
}

/** Composite batch URLs (relative form, `vNN.N/…`). */
export function relativeUrlTricks(): Named[] {
    return [
        ['traversal', 'v66.0/sobjects/../../oauth2/userinfo'],
        ['encoded dots', 'v66.0/%2e%2e/%2e%2e/oauth2/userinfo'],
        ['encoded slash traversal', 'v66.0/sobjects/Account/..%2F..%2F..%2Foauth2'],
        ['double slash', 'v66.0//limits'],
        ['resource not allowed', 'v66.0/tooling/query'],
        ['absolute form where relative is required', `${API}/limits`],
        ['absolute url', 'https://evil.example/v66.0/limits'],
        ['protocol-relative url', '//evil.example/v66.0/limits'],
        ['fragment', 'v66.0/limits#x'],
        ['newline', 'v66.0/limits\nX-Evil: 1'],
        ['NUL', 'v66.0/limits\u0000'],
        ['backslash', 'v66.0\\..\\limits'],
        ['retired version', 'v20.0/limits'],
        // the allowlist: the old prefix list let these through
        ['limits', 'v66.0/limits'],
        ['dot-dot-semicolon segments', 'v66.0/sobjects/..;/limits'],
        ['password sub-resource', `v66.0/sobjects/User/${IDS.user}/password`],
        ['standard action emailSimple', 'v66.0/actions/standard/emailSimple'],
        ['chatter', 'v66.0/chatter/users/me'],
        ['connect', 'v66.0/connect/communities'],
        ['apexrest', 'v66.0/apexrest/anything'],
        ...PATH_TRICKS,
        ...WRONG_TYPES,
        ...EMPTY_AND_HUGE
    ];
}

/** A valid-looking locator, and tricks around it. */
export const LOCATOR = `${API}/query/01gRO0000016PIAYA2-2000`;
export const LOCATOR_TRICKS: Named[] = [
    ['locator then traversal', `${LOCATOR}/../../limits`],
    ['locator then query string', `${LOCATOR}?q=SELECT+Id+FROM+User`],
    ['locator then fragment', `${LOCATOR}#x`],
    ['absolute url', `https://evil.example${LOCATOR}`],
    ['protocol-relative url', `//evil.example${LOCATOR}`],
    ['other resource', `${API}/limits`],
    ['sobject path', `${API}/sobjects/Account/${IDS.account}`],
    ['encoded slash', `${API}/query/01gRO0000016PIAYA2%2F..%2Flimits`],
    ['newline', `${LOCATOR}\n`],
    ['NUL', `${LOCATOR}\u0000`],
    ['backslash', `${API}\\query\\01gRO0000016PIAYA2-2000`],
    ['negative offset', `${API}/query/01gRO0000016PIAYA2--5`],
    ['short locator', `${API}/query/01gRO-2000`],
    ['relative locator', 'query/01gRO0000016PIAYA2-2000'],
    ...PATH_TRICKS,
    ...WRONG_TYPES,
    ...EMPTY_AND_HUGE
];

/** Date and date-time tricks (every one invalid). */
export const DATE_TRICKS: Named[] = [
    ['date then SOQL', "2024-01-01' OR 1=1"],
    ['date then clause', '2024-01-01 OR Id != null'],
    ['impossible date', '2024-02-30'],
    ['month 13', '2024-13-01'],
    ['datetime then SOQL', '2024-01-01T00:00:00Z OR Id != null'],
    ['SOQL date literal', 'LAST_N_DAYS:3650'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ...PATH_TRICKS,
    ...WRONG_TYPES,
    ...EMPTY_AND_HUGE
];

export const NUMBER_TRICKS: Named[] = [
    ['string number', '10'],
    ['SOQL in string', '10 OFFSET 5'],
    ['negative', -1],
    ['fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['object', { n: 1 }],
    ['array', [1]],
    ['null', null]
];

export const BOOLEAN_TRICKS: Named[] = [
    ['string true', 'true'],
    ['number 1', 1],
    ['object', { v: true }],
    ['null', null]
];

/**
 * Webhook URLs (install-change-notifier): where the Apex POSTs every change, with the connection's shared secret in
 * the body. What each must lead to is decided by the rule of the 'webhookUrl' kind in the suite, not here.
 */
export const WEBHOOK_URL_TRICKS: Named[] = [
    // other schemes, and plain http to a host other than this machine (the secret would travel in clear)
    ['url: plain http', 'http://hooks.example/webhook'],
    ['url: ftp scheme', 'ftp://hooks.example/webhook'],
    ['url: wss scheme', 'wss://hooks.example/webhook'],
    ['url: javascript scheme', 'javascript:alert(1)'],
    ['url: file scheme', 'file:///etc/passwd'],
    ['url: data scheme', 'data:text/plain,x'],
    ['url: mailto scheme', 'mailto:ops@hooks.example'],
    // credentials and lookalike hosts
    ['url: user and password', 'https://user:pass@hooks.example/webhook'],
    ['url: user only', 'https://user@hooks.example/webhook'],
    ['url: host before @ (lookalike)', 'https://hooks.example@evil.example/webhook'],
    // fragments, relative and broken forms
    ['url: fragment', 'https://hooks.example/webhook#part'],
    ['url: empty fragment', 'https://hooks.example/webhook#'],
    ['url: relative path', '/webhook/env/salesforce'],
    ['url: no scheme', 'hooks.example/webhook'],
    ['url: scheme without host', 'https://'],
    ['url: port out of range', 'https://hooks.example:99999/webhook'],
    ['url: unclosed IPv6 host', 'https://[::1/webhook'],
    // control characters (a URL parser drops tab, CR and LF silently, percent-encodes the rest)
    ['url: newline in the path', 'https://hooks.example/web\nhook'],
    ['url: CRLF header injection', 'https://hooks.example/webhook\r\nX-Evil: 1'],
    ['url: tab inside the host', 'https://hooks.example\t.evil.example/webhook'],
    ['url: NUL in the path', 'https://hooks.example/web\u0000hook'],
    ['url: DEL in the path', 'https://hooks.example/web\u007fhook'],
    ['url: 1,001 characters', `https://hooks.example/${'a'.repeat(979)}`],
    // valid URLs whose characters must arrive escaped: in the SOAP XML (the origin) and in the Apex literal (the URL)
    ['url: ampersand in the host', 'https://a&b.example/webhook'],
    ['url: quote in the host', "https://o'brien.example/webhook"],
    ['url: Apex literal breakout in the path', "https://hooks.example/';System.debug(1);'"],
    ['url: quote and backslash in path and query', "https://hooks.example/it's/x?q=a\\b"],
    ['url: markup in the path', 'https://hooks.example/a<b>&c"d'],
    ['url: SOAP element in the query', 'https://hooks.example/x?</met:url><met:isActive>false</met:isActive>'],
    ['url: port', 'https://hooks.example:8443/webhook'],
    ['url: internationalized host', 'https://b\u00fccher.example/webhook'],
    ['url: upper-case scheme and host', 'HTTPS://HOOKS.EXAMPLE/Webhook'],
    ['url: http to this machine (local emulator)', 'http://127.0.0.1:8080/webhook/env/salesforce'],
    ['url: 1,000 characters', `https://hooks.example/${'a'.repeat(978)}`]
];

/** Apex REST service paths (after /services/apexrest/) that must never be sent. */
export const APEX_PATH_TRICKS: Named[] = [
    ...PATH_TRICKS,
    ...WRONG_TYPES,
    ...EMPTY_AND_HUGE,
    ['traversal after a valid prefix', 'echo/../../data/v66.0/limits'],
    ['traversal at the end', 'echo/..'],
    ['leading traversal with slash', '/../data/v66.0/sobjects'],
    ['encoded slash inside a segment', 'echo%2F..%2F..%2Fdata'],
    ['double-encoded dots', '%252e%252e/limits'],
    ['overlong UTF-8 dot', '%c0%ae%c0%ae/limits'],
    ['fullwidth dots', '\uff0e\uff0e/limits'],
    ['matrix parameter', 'echo;jsessionid=x'],
    ['empty segment', 'echo//x'],
    ['query after a valid path', 'echo?q=SELECT+Id+FROM+User'],
    ['fragment after a valid path', 'echo#/../limits'],
    ['scheme in a segment', 'echo/http:/evil.example'],
    ['space', 'echo orders'],
    ['line separator', 'echo\u2028x'],
    ['bidi override', 'echo\u202e'],
    ['only a slash', '/']
];

/** Query parameter maps of call-apex-rest that must never be sent. */
export const APEX_QUERY_TRICKS: Named[] = [
    ['an array', ['a=b']],
    ['a string', 'a=b&c=d'],
    ['a number value', { limit: 10 }],
    ['a null value', { limit: null }],
    ['a name with =', { 'a=b': 'x' }],
    ['a name with &', { 'a&b': 'x' }],
    ['a name with a space', { 'a b': 'x' }],
    ['an empty name', { '': 'x' }],
    ['a newline in a value', { q: 'a\nX-Evil: 1' }],
    ['a NUL in a value', { q: 'a\u0000' }],
    ['a value over 4,000 characters', { q: 'x'.repeat(4001) }],
    ['101 parameters', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, 'x']))]
];

/** Email addresses that are not one plain address (lists, display names, header injection, odd hosts). */
export const EMAIL_TRICKS: Named[] = [
    ['comma list', 'a@example.com,eve@evil.example'],
    ['semicolon list', 'a@example.com;eve@evil.example'],
    ['display name', 'Ada <a@example.com>'],
    ['angle brackets', '<a@example.com>'],
    ['quoted local part', '"a b"@example.com'],
    ['CRLF header', 'a@example.com\r\nBcc: eve@evil.example'],
    ['NUL after the address', 'a@example.com\u0000'],
    ['two at signs', 'a@b@example.com'],
    ['no domain dot', 'a@localhost'],
    ['no local part', '@example.com'],
    ['trailing dot', 'a@example.com.'],
    ['IP literal', 'a@[127.0.0.1]'],
    ['fullwidth at', 'a\uff20example.com'],
    ['bidi override', 'a\u202e@example.com'],
    ['65-character local part', `${'a'.repeat(65)}@example.com`]
];

/** Base64 content that is not plain standard base64 (the over-limit case is in tests/hostile/files.test.ts). */
export const BASE64_TRICKS: Named[] = [
    ['space inside', 'JVBE Ri0x'],
    ['line break (MIME style)', 'JVBERi0x\nLjQK'],
    ['base64url characters', 'JVBE-_0x'],
    ['missing padding', 'JVBERi0xLjQ'],
    ['padding in the middle', 'JV==Ri0x'],
    ['character after padding', 'JVBERi0xLj=A'],
    ['data URL', 'data:application/pdf;base64,JVBERi0xLjQK'],
    ['percent-encoded', 'JVBERi0xLjQK%3D'],
    ['JSON-looking', '{"a":1}']
];

/** Report filter logic that is not numbers, AND, OR, NOT and balanced parentheses over existing filters. */
export const FILTER_LOGIC_TRICKS: Named[] = [
    ['statement after logic', '1; DROP'],
    ['dangling OR', '1 OR'],
    ['unbalanced parenthesis', '((1)'],
    ['filter that does not exist', '1 OR 99'],
    ['filter 0', '0 OR 1'],
    ['unknown operator', '1 XOR 2'],
    ['lone NOT', 'NOT'],
    ['two numbers', '1 2'],
    ['reversed parentheses', ')1('],
    ['NUL after logic', '1 OR 2\u0000']
];

/** Statements run-tooling-query must refuse: writes, locks, several statements, SOSL. */
export const READ_QUERY_TRICKS: Named[] = [
    ['DELETE', "DELETE FROM ApexClass WHERE Name = 'Nango'"],
    ['UPDATE', "UPDATE ApexClass SET Status = 'Deleted'"],
    ['lower-case delete', 'delete from apexclass'],
    ['leading comment', '/* x */ SELECT Id FROM ApexClass'],
    ['second statement', 'SELECT Id FROM ApexClass; DELETE FROM ApexClass'],
    ['trailing semicolon', 'SELECT Id FROM ApexClass;'],
    ['FOR UPDATE', 'SELECT Id FROM ApexClass FOR UPDATE'],
    ['FOR VIEW', 'SELECT Id FROM ApexClass FOR VIEW'],
    ['FOR REFERENCE with two spaces', 'SELECT Id FROM ApexClass FOR  REFERENCE'],
    ['unterminated string hiding DML', "SELECT Id FROM ApexClass WHERE Name = 'x'; DELETE FROM ApexClass WHERE Name = '"],
    ['SOSL', 'FIND {Acme} RETURNING Account']
];

/** CSV content that must not reach a Bulk API job: rows smuggled in, headers that are not field names. */
export const CSV_TRICKS: Named[] = [
    ['a quoted header smuggling a second column', '"LastName,Email"\nx\n'],
    ['a row with an extra field', 'LastName\nx,Id\n'],
    ['an unclosed quote', 'LastName\n"x\n'],
    ['a bare CR line ending', 'LastName\rx\r'],
    ['a stray character after a quote', 'LastName\n"x"y\n'],
    ['an Id column in an insert', 'LastName,Id\nx,003D000000QyVbMIAV\n'],
    ['a formula-looking header', '=cmd|calc\nx\n'],
    ['a traversal header', '../limits\nx\n'],
    ['a header with a quote', "LastName'\nx\n"],
    ['only a header', 'LastName\n'],
    ['mixed line endings', 'LastName\r\nx\ny\r\n']
];
