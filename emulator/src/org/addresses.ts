/**
 * Compound address fields and State and Country/Territory Picklists.
 *
 * Facts (Object Reference "Address Compound Fields", "Compound Field Considerations and Limitations"; Account object
 * reference and the Salesforce Field Reference):
 * - A standard address (BillingAddress, ShippingAddress on Account, MailingAddress on Contact, Address on Lead) is a
 *   read-only compound field of type `address` (soapType `urn:address`, properties Filter + Nillable) over its
 *   components Street (textarea 255), City (40), State (80), PostalCode (20), Country (80), Latitude/Longitude
 *   (double 18,15) and GeocodeAccuracy (restricted picklist); every component's describe names the compound in
 *   `compoundFieldName`.
 * - SOQL returns the compound as `{city, country, countryCode, geocodeAccuracy, latitude, longitude, postalCode, state,
 *   stateCode, street}`, or null when every component is empty (a recorded Lead GET shows `"Address": null`). The
 *   codes exist only with state and country picklists on ("For Standard Address Fields, CountryCode is only available
 *   when state and country/territory picklists are enabled").
 * - A compound can't be written (write the components), can't be sorted, and in WHERE only DISTANCE() works:
 *   anything else is INVALID_FIELD "Address fields can only be filtered using Distance expressions".
 * - With State and Country/Territory Picklists (the default for new orgs), each address gains StateCode and
 *   CountryCode restricted picklists; StateCode is a dependent picklist controlled by CountryCode, each state value
 *   carrying `validFor`, a base64 bitmap whose bit i (high-order bit of byte 0 first) means "valid for controlling
 *   value i" (SOAP API "DescribeSObjectResult", PicklistEntry.validFor). The State and Country text fields then hold
 *   the picklists' integration values (the full names by default); writing either the name or the code sets the
 *   other. Errors, as recorded from production (FIELD_INTEGRITY_EXCEPTION unless noted):
 *   - unknown country name: "There's a problem with this country, even though it may appear correct. Please select a
 *     country/territory from the list of valid countries.: Billing Country" [BillingCountry]
 *   - unknown state name: "There's a problem with this state, even though it may appear correct. Please select a state
 *     from the list of valid states.: Billing State/Province" [BillingState]
 *   - a state without a country: "A country/territory must be specified before specifying a state value for field:
 *     Billing State/Province" [BillingState]
 *   - a state code of another country: "The BillingStateCode field contains FD, which isn't an available state. Your
 *     administrator can add it for you." [BillingStateCode]
 *   - a country changed under an existing state: "The existing country/territory doesn't recognize the state value for
 *     field: Billing State/Province Code" [BillingStateCode]
 *   - a code no country/state has: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST "Billing Country Code: bad value for
 *     restricted picklist field: XX" (help article 000386448).
 *
 * Simplifications: the org knows a short country list (Salesforce ships ~240) and a handful of states each; Salesforce
 * ships states for about ten countries (AU, BR, CA, CN, IE, IN, IT, JP, MX, US), the DE/FR/GB states here are ones an
 * admin added (ISO 3166-2 codes). Names match case-insensitively and are stored with their canonical spelling.
 */
import { SfError } from '../errors.js';
import type { FieldDef, ObjectDef, PicklistValue } from './schema.js';
import type { Rec, Value } from './values.js';

export interface StateDef {
    code: string;
    name: string;
}

export interface CountryDef {
    code: string;
    name: string;
    states: StateDef[];
}

/** Countries in picklist order (alphabetical by label, as Setup lists them); the index is the validFor bit. */
export const COUNTRIES: CountryDef[] = [
    { code: 'AU', name: 'Australia', states: [{ code: 'NSW', name: 'New South Wales' }, { code: 'QLD', name: 'Queensland' }, { code: 'VIC', name: 'Victoria' }] },
    { code: 'BR', name: 'Brazil', states: [] },
    { code: 'CA', name: 'Canada', states: [{ code: 'AB', name: 'Alberta' }, { code: 'BC', name: 'British Columbia' }, { code: 'ON', name: 'Ontario' }, { code: 'QC', name: 'Quebec' }] },
    { code: 'FR', name: 'France', states: [{ code: 'ARA', name: 'Auvergne-Rhône-Alpes' }, { code: 'IDF', name: 'Île-de-France' }, { code: 'NAQ', name: 'Nouvelle-Aquitaine' }, { code: 'OCC', name: 'Occitanie' }, { code: 'PAC', name: "Provence-Alpes-Côte d'Azur" }] },
    { code: 'DE', name: 'Germany', states: [{ code: 'BE', name: 'Berlin' }, { code: 'BY', name: 'Bayern' }, { code: 'HE', name: 'Hessen' }, { code: 'HH', name: 'Hamburg' }, { code: 'NW', name: 'Nordrhein-Westfalen' }] },
    { code: 'IN', name: 'India', states: [] },
    { code: 'IE', name: 'Ireland', states: [] },
    { code: 'IT', name: 'Italy', states: [] },
    { code: 'JP', name: 'Japan', states: [{ code: '01', name: 'Hokkaido' }, { code: '13', name: 'Tokyo' }, { code: '14', name: 'Kanagawa' }, { code: '26', name: 'Kyoto' }, { code: '27', name: 'Osaka' }] },
    { code: 'MX', name: 'Mexico', states: [] },
    { code: 'NL', name: 'Netherlands', states: [] },
    { code: 'SG', name: 'Singapore', states: [] },
    { code: 'ES', name: 'Spain', states: [] },
    { code: 'SE', name: 'Sweden', states: [] },
    { code: 'CH', name: 'Switzerland', states: [] },
    { code: 'GB', name: 'United Kingdom', states: [{ code: 'ENG', name: 'England' }, { code: 'NIR', name: 'Northern Ireland' }, { code: 'SCT', name: 'Scotland' }, { code: 'WLS', name: 'Wales' }] },
    {
        code: 'US',
        name: 'United States',
        states: [
            { code: 'CA', name: 'California' },
            { code: 'FL', name: 'Florida' },
            { code: 'IL', name: 'Illinois' },
            { code: 'MA', name: 'Massachusetts' },
            { code: 'NY', name: 'New York' },
            { code: 'TX', name: 'Texas' },
            { code: 'WA', name: 'Washington' }
        ]
    }
];

/**
 * A validFor bitmap: bit i set (high-order bit of byte 0 first) for each controlling value index. Salesforce's
 * bitmaps come in whole base64 quanta ("gAAA" = valid for the first controlling value only), so the byte count is
 * rounded up to a multiple of three.
 */
export function validForBitmap(indexes: readonly number[], controllingValues: number): string {
    const bytes = Math.max(3, Math.ceil(Math.ceil(controllingValues / 8) / 3) * 3);
    const buf = Buffer.alloc(bytes);
    for (const i of indexes) buf[i >> 3] = (buf[i >> 3] ?? 0) | (0x80 >> (i & 7));
    return buf.toString('base64');
}

/** CountryCode picklist values: label = country name, value = ISO code. */
export const COUNTRY_CODE_VALUES: PicklistValue[] = COUNTRIES.map((c) => ({ active: true, defaultValue: false, label: c.name, value: c.code, validFor: null }));

/** StateCode picklist values, each valid for its country (codes are unique across the countries above). */
export const STATE_CODE_VALUES: PicklistValue[] = COUNTRIES.flatMap((c, i) =>
    c.states.map((st) => ({ active: true, defaultValue: false, label: st.name, value: st.code, validFor: validForBitmap([i], COUNTRIES.length) }))
);

/** GeocodeAccuracy values (Object Reference, Account.BillingGeocodeAccuracy). */
export const GEOCODE_ACCURACY: Array<[string, string]> = [
    ['Address', 'Address'],
    ['NearAddress', 'Near Address'],
    ['Block', 'Block'],
    ['Street', 'Street'],
    ['ExtendedZip', 'Extended Zip'],
    ['Zip', 'Zip'],
    ['Neighborhood', 'Neighborhood'],
    ['City', 'City'],
    ['County', 'County'],
    ['State', 'State'],
    ['Unknown', 'Unknown']
];

const byCode = new Map(COUNTRIES.map((c) => [c.code.toLowerCase(), c]));
const byName = new Map(COUNTRIES.map((c) => [c.name.toLowerCase(), c]));
const stateCodes = new Set(COUNTRIES.flatMap((c) => c.states.map((s) => s.code.toLowerCase())));
/** Spellings older data uses for a country name (the seeded org data predates the picklists). */
const LEGACY_NAMES: Record<string, string> = { usa: 'US', 'united states of america': 'US', uk: 'GB', 'great britain': 'GB' };

/** The component fields of one compound address, by role. */
export interface AddressParts {
    compound: FieldDef;
    prefix: string;
    street: string;
    city: string;
    state: string;
    stateCode: string;
    postalCode: string;
    country: string;
    countryCode: string;
    latitude: string;
    longitude: string;
    geocodeAccuracy: string;
    /** Labels used in error messages ("Billing State/Province"). */
    labels: { state: string; stateCode: string; country: string; countryCode: string };
}

const partsCache = new WeakMap<ObjectDef, AddressParts[]>();

/** The compound addresses of an object (none for most objects). */
export function addressesOf(def: ObjectDef): AddressParts[] {
    const cached = partsCache.get(def);
    if (cached) return cached;
    const out: AddressParts[] = [];
    for (const fd of def.fields) {
        if (fd.type !== 'address') continue;
        const prefix = fd.name.slice(0, -'Address'.length);
        const label = (suffix: string): string => def.byName.get(`${prefix}${suffix}`.toLowerCase())?.label ?? `${prefix}${suffix}`;
        out.push({
            compound: fd,
            prefix,
            street: `${prefix}Street`,
            city: `${prefix}City`,
            state: `${prefix}State`,
            stateCode: `${prefix}StateCode`,
            postalCode: `${prefix}PostalCode`,
            country: `${prefix}Country`,
            countryCode: `${prefix}CountryCode`,
            latitude: `${prefix}Latitude`,
            longitude: `${prefix}Longitude`,
            geocodeAccuracy: `${prefix}GeocodeAccuracy`,
            labels: { state: label('State'), stateCode: label('StateCode'), country: label('Country'), countryCode: label('CountryCode') }
        });
    }
    partsCache.set(def, out);
    return out;
}

/** The value SOQL and record reads give a compound address: the structured address, or null when it is empty. */
export function compoundAddress(fd: FieldDef, rec: Rec, withCodes: boolean): Record<string, Value> | null {
    const p = fd.name.slice(0, -'Address'.length);
    const get = (suffix: string): Value => rec[`${p}${suffix}`] ?? null;
    const out: Record<string, Value> = { city: get('City'), country: get('Country') };
    if (withCodes) out['countryCode'] = get('CountryCode');
    out['geocodeAccuracy'] = get('GeocodeAccuracy');
    out['latitude'] = get('Latitude');
    out['longitude'] = get('Longitude');
    out['postalCode'] = get('PostalCode');
    out['state'] = get('State');
    if (withCodes) out['stateCode'] = get('StateCode');
    out['street'] = get('Street');
    return Object.values(out).every((v) => v === null) ? null : out;
}

const integrity = (message: string, field: string): SfError => new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', message, [field]);
const badPicklist = (label: string, field: string, value: string): SfError =>
    new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${label}: bad value for restricted picklist field: ${value}`, [field]);

const has = (values: Rec, key: string): boolean => Object.prototype.hasOwnProperty.call(values, key);
const text = (v: Value | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Validates the address part of an API write with state and country picklists on, and fills the counterpart of
 * every name or code written (the name from a code, the code from a name). `values` are the converted fields of the
 * request (canonical names); `current` the record before the write (null on create). Throws Salesforce's errors.
 */
export function reconcileAddressWrite(def: ObjectDef, values: Rec, current: Rec | null): void {
    for (const a of addressesOf(def)) {
        const touched = [a.state, a.stateCode, a.country, a.countryCode].some((k) => has(values, k));
        if (!touched) continue;
        const before = (k: string): string | null => text(current?.[k]);

        // country: a code wins and must exist; a name must be a country's integration value
        let country: CountryDef | null;
        let countryChanged = false;
        if (has(values, a.countryCode)) {
            const code = text(values[a.countryCode]);
            country = code === null ? null : (byCode.get(code.toLowerCase()) ?? null);
            if (code !== null && !country) throw badPicklist(a.labels.countryCode, a.countryCode, code);
            const name = has(values, a.country) ? text(values[a.country]) : undefined;
            if (name !== undefined && name !== null && (!country || name.toLowerCase() !== country.name.toLowerCase())) {
                throw integrity(`There's a problem with this country, even though it may appear correct. Please select a country/territory from the list of valid countries.: ${a.labels.country}`, a.country);
            }
            countryChanged = true;
        } else if (has(values, a.country)) {
            const name = text(values[a.country]);
            country = name === null ? null : (byName.get(name.toLowerCase()) ?? null);
            if (name !== null && !country) {
                throw integrity(`There's a problem with this country, even though it may appear correct. Please select a country/territory from the list of valid countries.: ${a.labels.country}`, a.country);
            }
            countryChanged = true;
        } else {
            const code = before(a.countryCode);
            country = code === null ? null : (byCode.get(code.toLowerCase()) ?? null);
        }
        if (countryChanged) {
            values[a.countryCode] = country?.code ?? null;
            values[a.country] = country?.name ?? null;
        }

        // state: a code wins; it must exist somewhere, and for this country
        if (has(values, a.stateCode)) {
            const code = text(values[a.stateCode]);
            if (code === null) {
                values[a.stateCode] = null;
                values[a.state] = null;
                continue;
            }
            if (!country) throw integrity(`A country/territory must be specified before specifying a state value for field: ${a.labels.stateCode}`, a.stateCode);
            if (!stateCodes.has(code.toLowerCase())) throw badPicklist(a.labels.stateCode, a.stateCode, code);
            const state = country.states.find((s) => s.code.toLowerCase() === code.toLowerCase());
            if (!state) throw integrity(`The ${a.stateCode} field contains ${code}, which isn't an available state. Your administrator can add it for you.`, a.stateCode);
            const name = has(values, a.state) ? text(values[a.state]) : undefined;
            if (name !== undefined && name !== null && name.toLowerCase() !== state.name.toLowerCase()) {
                throw integrity(`There's a problem with this state, even though it may appear correct. Please select a state from the list of valid states.: ${a.labels.state}`, a.state);
            }
            values[a.stateCode] = state.code;
            values[a.state] = state.name;
        } else if (has(values, a.state)) {
            const name = text(values[a.state]);
            if (name === null) {
                values[a.stateCode] = null;
                values[a.state] = null;
                continue;
            }
            if (!country) throw integrity(`A country/territory must be specified before specifying a state value for field: ${a.labels.state}`, a.state);
            const state = country.states.find((s) => s.name.toLowerCase() === name.toLowerCase());
            if (!state) {
                throw integrity(`There's a problem with this state, even though it may appear correct. Please select a state from the list of valid states.: ${a.labels.state}`, a.state);
            }
            values[a.stateCode] = state.code;
            values[a.state] = state.name;
        } else if (countryChanged) {
            // the country moved under a state the record already has
            const code = before(a.stateCode);
            if (code !== null && !country?.states.some((s) => s.code === code)) {
                if (!country) throw integrity(`A country/territory must be specified before specifying a state value for field: ${a.labels.stateCode}`, a.stateCode);
                throw integrity(`The existing country/territory doesn't recognize the state value for field: ${a.labels.stateCode}`, a.stateCode);
            }
        }
    }
}

/**
 * Brings a record written without validation (seeding, test helpers) in line with the picklists: a country or state
 * given by name, code or a legacy spelling ("USA") gets both its code and its canonical name; values no picklist
 * knows are left as they are.
 */
export function normalizeAddressRaw(def: ObjectDef, rec: Rec): void {
    for (const a of addressesOf(def)) {
        const codeIn = text(rec[a.countryCode]);
        const nameIn = text(rec[a.country]);
        const country =
            (codeIn !== null ? byCode.get(codeIn.toLowerCase()) : undefined) ??
            (nameIn !== null ? (byName.get(nameIn.toLowerCase()) ?? byCode.get(LEGACY_NAMES[nameIn.toLowerCase()]?.toLowerCase() ?? nameIn.toLowerCase())) : undefined);
        if (!country) continue;
        rec[a.countryCode] = country.code;
        rec[a.country] = country.name;
        const stateCodeIn = text(rec[a.stateCode]);
        const stateIn = text(rec[a.state]);
        const state =
            (stateCodeIn !== null ? country.states.find((s) => s.code.toLowerCase() === stateCodeIn.toLowerCase()) : undefined) ??
            (stateIn !== null ? country.states.find((s) => s.name.toLowerCase() === stateIn.toLowerCase() || s.code.toLowerCase() === stateIn.toLowerCase()) : undefined);
        if (!state) continue;
        rec[a.stateCode] = state.code;
        rec[a.state] = state.name;
    }
}
