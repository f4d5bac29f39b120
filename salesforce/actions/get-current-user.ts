import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';

const Input = z.object({});

const Output = z.object({
    userId: z.string().describe('18-character User id, e.g. "005D0000001Az1bIAC".'),
    organizationId: z.string().describe('18-character org id, starting with 00D.'),
    username: z.string().describe('Salesforce username, e.g. "ada@acme.example".'),
    email: z.string().nullable().describe('e.g. "ada@acme.example".'),
    name: z.string().nullable().describe('Full name, e.g. "Ada Ng".'),
    firstName: z.string().nullable().describe('e.g. "Ada".'),
    lastName: z.string().nullable().describe('e.g. "Ng".'),
    locale: z.string().nullable().describe('e.g. "en_US".'),
    language: z.string().nullable().describe('Language of the user interface, e.g. "en_US".'),
    timezone: z.string().nullable().describe('IANA time zone, e.g. "America/Los_Angeles".'),
    userType: z.string().nullable().describe('e.g. "STANDARD".'),
    active: z.boolean().describe('False when the user is deactivated.')
});

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

const action = createAction({
    description:
        'Get who the connection acts as: user id, org id, username, email, name, locale, time zone and whether the user is active. Calls GET /services/oauth2/userinfo (needs the openid or id scope).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        parseInput(nango, Input, rawInput);
        const response = await guarded(nango, () => request<Record<string, unknown>>(nango, { method: 'GET', endpoint: paths.userInfo(), context: 'get current user' }));
        const u = response.data ?? {};
        return {
            userId: String(u['user_id'] ?? ''),
            organizationId: String(u['organization_id'] ?? ''),
            username: String(u['preferred_username'] ?? ''),
            email: text(u['email']),
            name: text(u['name']),
            firstName: text(u['given_name']),
            lastName: text(u['family_name']),
            locale: text(u['locale']),
            language: text(u['language']),
            timezone: text(u['zoneinfo']),
            userType: text(u['user_type']),
            active: u['active'] === true
        };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
