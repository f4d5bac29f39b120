/** The User model of the users sync. Users are never deleted in Salesforce; is_active says whether one can log in. */
import * as z from 'zod';

import { boolean, customFields, dateTime, parentField, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const UserSchema = z.object({
    id: z.string().describe('18-character User id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    username: z.string().describe('Login name in email form, unique across Salesforce, e.g. "ada@acme.example".'),
    email: z.string().nullable().describe('e.g. "ada@acme.example".'),
    first_name: z.string().nullable().describe('e.g. "Ada".'),
    last_name: z.string().nullable().describe('e.g. "Ng".'),
    name: z.string().nullable().describe('Full name, e.g. "Ada Ng".'),
    is_active: z.boolean().nullable().describe('False once the user is deactivated (users are never deleted); null only when the connected user cannot read the field.'),
    user_type: z.string().nullable().describe('e.g. "Standard", "PowerPartner", "AutomatedProcess".'),
    profile_id: z.string().nullable().describe('Profile id, starts with 00e, e.g. "00eD0000001QkCnIAK".'),
    profile_name: z.string().nullable().describe(parentNameNote('Name of the profile', 'profile_id')),
    role_id: z.string().nullable().describe('Role (UserRole) id, starts with 00E, e.g. "00ED0000001aBcDMAU"; null without a role.'),
    role_name: z.string().nullable().describe(parentNameNote('Name of the role', 'role_id')),
    manager_id: z.string().nullable().describe('Manager\'s user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    title: z.string().nullable().describe('Job title, e.g. "Account Executive".'),
    department: z.string().nullable().describe('e.g. "Sales".'),
    time_zone: z.string().nullable().describe('TimeZoneSidKey, e.g. "America/Los_Angeles".'),
    locale: z.string().nullable().describe('LocaleSidKey, e.g. "en_US".'),
    last_login_date: z.string().nullable().describe('Last login, ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z"; null if never.'),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type User = z.infer<typeof UserSchema>;

export const USER_FIELDS = [
    'Id',
    'Username',
    'Email',
    'FirstName',
    'LastName',
    'Name',
    'IsActive',
    'UserType',
    'ProfileId',
    'Profile.Name',
    'UserRoleId',
    'UserRole.Name',
    'ManagerId',
    'Title',
    'Department',
    'TimeZoneSidKey',
    'LocaleSidKey',
    'LastLoginDate',
    ...systemFields
] as const;

export function toUser(record: SalesforceRecord, extraFields: readonly string[] = []): User {
    return {
        id: text(record['Id']) ?? '',
        username: text(record['Username']) ?? '',
        email: text(record['Email']),
        first_name: text(record['FirstName']),
        last_name: text(record['LastName']),
        name: text(record['Name']),
        is_active: boolean(record['IsActive']),
        user_type: text(record['UserType']),
        profile_id: text(record['ProfileId']),
        profile_name: text(parentField(record, 'Profile', 'Name')),
        role_id: text(record['UserRoleId']),
        role_name: text(parentField(record, 'UserRole', 'Name')),
        manager_id: text(record['ManagerId']),
        title: text(record['Title']),
        department: text(record['Department']),
        time_zone: text(record['TimeZoneSidKey']),
        locale: text(record['LocaleSidKey']),
        last_login_date: dateTime(record['LastLoginDate']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
