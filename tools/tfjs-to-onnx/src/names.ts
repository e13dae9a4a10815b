/**
 * Hands out ONNX value names. TF node names and the graph's input/output names are reserved up front
 * for their owners, so a name the converter invents (a transposed copy, a re-laid kernel) can never
 * take a name a later TF node or a graph output needs.
 */
export class NameAllocator {
  private readonly owners = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Reserves `name` for `owner`; a later reservation of the same name replaces the earlier one. */
  reserve(name: string, owner: string): void {
    this.owners.set(name, owner);
  }

  /** `name` itself when it is free for `owner`, else the first free `name_1`, `name_2`... */
  claim(name: string, owner?: string): string {
    let candidate = name;
    for (let n = 1; !this.isFreeFor(candidate, owner); n++) candidate = `${name}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  /** Takes exactly `name` (graph outputs must carry theirs); throws if something already has it. */
  claimExact(name: string): string {
    if (this.taken.has(name)) throw new Error(`the name '${name}' is already used in the graph`);
    this.taken.add(name);
    return name;
  }

  private isFreeFor(name: string, owner: string | undefined): boolean {
    if (this.taken.has(name)) return false;
    const reservedFor = this.owners.get(name);
    return reservedFor === undefined || reservedFor === owner;
  }
}
