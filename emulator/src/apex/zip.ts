/**
 * Reads the .zip of a Metadata API deploy(): the central directory, then each entry, stored (method 0) or deflated
 * (method 8, through node:zlib). Enough for what Salesforce tools send; no zip64, encryption or multi-disk archives.
 */
import { inflateRawSync } from 'node:zlib';

export function unzip(data: Buffer): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    let end = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
        if (data.readUInt32LE(i) === 0x06054b50) {
            end = i;
            break;
        }
    }
    if (end < 0) throw new Error('not a zip file: no end of central directory record');
    const count = data.readUInt16LE(end + 10);
    let at = data.readUInt32LE(end + 16);
    for (let n = 0; n < count; n++) {
        if (data.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip file: bad central directory entry');
        const method = data.readUInt16LE(at + 10);
        const compressed = data.readUInt32LE(at + 20);
        const nameLength = data.readUInt16LE(at + 28);
        const extraLength = data.readUInt16LE(at + 30);
        const commentLength = data.readUInt16LE(at + 32);
        const local = data.readUInt32LE(at + 42);
        const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
        at += 46 + nameLength + extraLength + commentLength;
        if (data.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt zip file: bad local header of ${name}`);
        const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
        const raw = data.subarray(start, start + compressed);
        if (name.endsWith('/')) continue;
        if (method === 0) files.set(name, Buffer.from(raw));
        else if (method === 8) files.set(name, inflateRawSync(raw));
        else throw new Error(`unsupported zip compression method ${method} for ${name}`);
    }
    return files;
}
