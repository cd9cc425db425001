/**
 * Reads the data contracts listed in shared/spec/wire-contract.md (classes with their
 * members and attributes, enums with their values). Used by tools/bootstrap-schemas.ts and
 * by the test that keeps schemas/ in step with the wire listing.
 */
export interface Member {
  name: string;
  type: string;
  required: boolean;
  order?: number;
}
export interface ClassDef {
  kind: "class";
  name: string;
  ns: string;
  base: string | null;
  members: Member[];
}
export interface EnumDef {
  kind: "enum";
  name: string;
  ns: string;
  values: [string, number][];
}
export type Def = ClassDef | EnumDef;

export function parseWireContract(text: string): Def[] {
  const defs: Def[] = [];
  let current: Def | null = null;
  for (const line of text.split("\n")) {
    const cls = /^class (\w+) \[(\w+)\/2009\/08\] : (\w+)\s*$/.exec(line);
    const en = /^enum (\w+) \[(\w+)\/2009\/08\] : int\s*$/.exec(line);
    if (cls) {
      current = {
        kind: "class",
        name: cls[1],
        ns: cls[2],
        base: cls[3] === "object" ? null : cls[3],
        members: [],
      };
      defs.push(current);
      continue;
    }
    if (en) {
      current = { kind: "enum", name: en[1], ns: en[2], values: [] };
      defs.push(current);
      continue;
    }
    if (!current) continue;
    if (current.kind === "class") {
      const m = /^ {3}(\w+): ([\w[\]]+)\s+\(([^)]*)\)/.exec(line);
      if (m) {
        const attrs = m[3];
        const order = /Order=(\d+)/.exec(attrs);
        current.members.push({
          name: m[1],
          type: m[2],
          required: /IsRequired=true/.test(attrs),
          ...(order ? { order: Number(order[1]) } : {}),
        });
        continue;
      }
    } else {
      const v = /^ {3}(\w+) = (-?\d+),?\s*$/.exec(line);
      if (v) {
        current.values.push([v[1], Number(v[2])]);
        continue;
      }
    }
    if (line.trim() === "") continue;
    current = null;
  }
  return defs;
}
