/**
 * A small ZIP writer (PKWARE APPNOTE 6.3.x, the subset every unzip reads): each file stored
 * or deflated (raw DEFLATE, method 8, whichever is smaller), UTF-8 names (general purpose
 * bit 11), a CRC-32 per file, a central directory and its end record. No ZIP64: a bundle is
 * far below 4 GiB and 65,535 files, and a larger one is refused rather than written wrong.
 * No dependency: Node 20 has raw DEFLATE (zlib.deflateRawSync) but no zlib.crc32 (Node 22).
 */
import { deflateRawSync } from "node:zlib";
import { KitError } from "../contract/errors.ts";

export interface ZipFile {
  /** The path inside the archive, `/`-separated, no leading `/`. */
  name: string;
  data: Buffer | string;
}

export interface ZipOptions {
  /** The files' modification time (default now); DOS time has a 2-second resolution. */
  mtime?: Date;
  /** `store` keeps every file as it is; `auto` (default) deflates a file when that makes it smaller. */
  method?: "store" | "auto";
}

/** The CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) lookup table. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `data`, as ZIP, gzip and PNG compute it (`crc32("123456789") === 0xcbf43926`). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS date and time of `d` in local time, as ZIP headers hold them (1980…2107). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const MAX32 = 0xffffffff;

function checkName(name: string): void {
  if (!name || name.startsWith("/") || name.includes("\\") || name.split("/").includes(".."))
    throw new KitError("CTIPSKIT_E_BUNDLE", `'${name}' is not a relative path for a ZIP entry`, {
      fix: "name files inside the archive like dir/file.txt",
    });
}

/** The whole archive of `files`, in the order given. */
export function zip(files: readonly ZipFile[], o: ZipOptions = {}): Buffer {
  if (files.length > 0xffff)
    throw new KitError(
      "CTIPSKIT_E_BUNDLE",
      `a ZIP without ZIP64 holds at most 65,535 files, not ${files.length}`,
    );
  const { time, date } = dosDateTime(o.mtime ?? new Date());
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    checkName(f.name);
    if (seen.has(f.name)) throw new KitError("CTIPSKIT_E_BUNDLE", `the ZIP would hold '${f.name}' twice`);
    seen.add(f.name);
    const name = Buffer.from(f.name, "utf8");
    const data = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
    const crc = crc32(data);
    const deflated = o.method === "store" || data.length === 0 ? undefined : deflateRawSync(data);
    const [method, body] = deflated && deflated.length < data.length ? [8, deflated] : [0, data];
    if (data.length >= MAX32 || offset + 30 + name.length + body.length >= MAX32)
      throw new KitError("CTIPSKIT_E_BUNDLE", `'${f.name}' would take the ZIP past 4 GiB (no ZIP64)`);
    const flags = 0x0800; // names and comments in UTF-8

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed to extract: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    parts.push(local, name, body);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory header signature
    entry.writeUInt16LE((3 << 8) | 20, 4); // made by: UNIX, spec 2.0 (so the mode below is read)
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(0, 30); // extra field length
    entry.writeUInt16LE(0, 32); // comment length
    entry.writeUInt16LE(0, 34); // disk number start
    entry.writeUInt16LE(0, 36); // internal attributes
    entry.writeUInt32LE(((0o100644 << 16) >>> 0) as number, 38); // external: a regular file, rw-r--r--
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // the disk the directory starts on
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...parts, dir, end]);
}
