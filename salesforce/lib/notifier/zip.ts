/**
 * A .zip writer for Metadata API deploy() packages: entries stored without compression (method 0), which every
 * unzipper reads and Salesforce accepts. Function code may not import a zip library, and node:zlib is not among the
 * modules Nango allows, so this is the format written by hand (PKWARE APPNOTE 4.3: local file headers, central
 * directory, end of central directory record), with file names in UTF-8 (general purpose flag bit 11).
 */

const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

/** CRC-32 (IEEE 802.3), as zip entries carry it. */
export function crc32(bytes: Uint8Array): number {
    let crc = 0xffffffff;
    for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
    /** Path inside the archive, with forward slashes, e.g. `classes/NangoChangeNotifier.cls`. */
    name: string;
    content: string;
}

/** DOS date and time of 1980-01-01 00:00 (a fixed stamp keeps the archive identical for identical input). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function zip(entries: readonly ZipEntry[]): Uint8Array {
    // Buffer, not TextEncoder: Nango's function sandbox provides the former only
    const locals: Uint8Array[] = [];
    const centrals: Uint8Array[] = [];
    let offset = 0;
    for (const entry of entries) {
        const name = Buffer.from(entry.name, 'utf8');
        const data = Buffer.from(entry.content, 'utf8');
        const crc = crc32(data);
        const local = new Uint8Array(30 + name.length + data.length);
        const l = new DataView(local.buffer);
        l.setUint32(0, 0x04034b50, true);
        l.setUint16(4, 20, true); // version needed: 2.0
        l.setUint16(6, 0x0800, true); // UTF-8 names
        l.setUint16(8, 0, true); // stored
        l.setUint16(10, DOS_TIME, true);
        l.setUint16(12, DOS_DATE, true);
        l.setUint32(14, crc, true);
        l.setUint32(18, data.length, true);
        l.setUint32(22, data.length, true);
        l.setUint16(26, name.length, true);
        l.setUint16(28, 0, true);
        local.set(name, 30);
        local.set(data, 30 + name.length);
        const central = new Uint8Array(46 + name.length);
        const c = new DataView(central.buffer);
        c.setUint32(0, 0x02014b50, true);
        c.setUint16(4, 20, true); // made by
        c.setUint16(6, 20, true);
        c.setUint16(8, 0x0800, true);
        c.setUint16(10, 0, true);
        c.setUint16(12, DOS_TIME, true);
        c.setUint16(14, DOS_DATE, true);
        c.setUint32(16, crc, true);
        c.setUint32(20, data.length, true);
        c.setUint32(24, data.length, true);
        c.setUint16(28, name.length, true);
        c.setUint32(42, offset, true);
        central.set(name, 46);
        locals.push(local);
        centrals.push(central);
        offset += local.length;
    }
    const centralSize = centrals.reduce((n, c) => n + c.length, 0);
    const end = new Uint8Array(22);
    const e = new DataView(end.buffer);
    e.setUint32(0, 0x06054b50, true);
    e.setUint16(8, entries.length, true);
    e.setUint16(10, entries.length, true);
    e.setUint32(12, centralSize, true);
    e.setUint32(16, offset, true);
    const out = new Uint8Array(offset + centralSize + end.length);
    let at = 0;
    for (const part of [...locals, ...centrals, end]) {
        out.set(part, at);
        at += part.length;
    }
    return out;
}

/** Base64 of bytes (the deploy() call carries the archive as xsd:base64Binary). */
export function base64(bytes: Uint8Array): string {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
