/**
 * A set of field paths, as a trie (structured-merge-diff's fieldpath.Set): at each node the
 * path elements that are members, and the children below. A node can be a member and have
 * children (a list item owned together with its fields). Built with insert, then never changed:
 * the set operations return new sets that may share subtrees with their operands (or an operand
 * itself, when the result has the same paths: no copy per write of what it did not touch). Pure.
 */
import type { PathElement } from './path-element.js';

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: (readonly PathElement[])[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  insert(path: readonly PathElement[]): void {
    if (path.length === 0) return;
    let parent: FieldSet | undefined;
    for (let i = 0; i < path.length - 1; i++) parent = (parent ?? this).childOrNew(path[i]!);
    (parent ?? this).members.add(path[path.length - 1]!);
  }

  childOrNew(pe: PathElement): FieldSet {
    let child = this.children.get(pe);
    if (!child) {
      child = new FieldSet();
      this.children.set(pe, child);
    }
    return child;
  }

  has(path: readonly PathElement[]): boolean {
    const parent = this.at(path.slice(0, -1));
    return path.length > 0 && parent !== undefined && parent.members.has(path[path.length - 1]!);
  }

  /** The node at `path`, if the set has anything there. */
  at(path: readonly PathElement[]): FieldSet | undefined {
    return path.reduce<FieldSet | undefined>((node, pe) => node?.children.get(pe), this);
  }

  /** True when `path` or anything below it is a member. */
  ownsAtOrBelow(path: readonly PathElement[]): boolean {
    if (this.has(path)) return true;
    const node = this.at(path);
    return node !== undefined && !node.isEmpty();
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of other.members) out.members.add(m);
    const keys = new Set([...this.children.keys(), ...other.children.keys()]);
    for (const k of keys) {
      const a = this.children.get(k);
      const b = other.children.get(k);
      const child = a && b ? a.union(b) : (a ?? b)!;
      if (!child.isEmpty()) out.children.set(k, child);
    }
    return out;
  }

  /** The paths of this set that `other` does not have (exact paths, not subtrees). */
  difference(other: FieldSet): FieldSet {
    if (other.members.size === 0 && other.children.size === 0) return this;
    return this.combine(
      other,
      (m) => !other.members.has(m),
      (a, b) => a.difference(b),
    );
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(
      other,
      (m) => other.members.has(m),
      (a, b) => a.intersection(b),
      true,
    );
  }

  /** This set without anything at or below a member of `other` (ignored fields). */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    let same = true;
    for (const m of this.members) {
      if (!other.members.has(m)) out.members.add(m);
      else same = false;
    }
    for (const [k, child] of this.children) {
      if (other.members.has(k)) {
        same = false;
        continue;
      }
      const o = other.children.get(k);
      const next = o ? child.recursiveDifference(o) : child;
      if (!next.isEmpty()) out.children.set(k, next);
      if (next !== child || !out.children.has(k)) same = false;
    }
    return same ? this : out;
  }

  private combine(
    other: FieldSet,
    keepMember: (m: PathElement) => boolean,
    recurse: (a: FieldSet, b: FieldSet) => FieldSet,
    needBoth = false,
  ): FieldSet {
    const out = new FieldSet();
    let same = true;
    for (const m of this.members) {
      if (keepMember(m)) out.members.add(m);
      else same = false;
    }
    for (const [k, child] of this.children) {
      const o = other.children.get(k);
      if (!o && needBoth) {
        same = false;
        continue;
      }
      const next = recurse(child, o ?? EMPTY);
      if (!next.isEmpty()) out.children.set(k, next);
      if (next !== child || !out.children.has(k)) same = false;
    }
    return same ? this : out;
  }

  /** Every member path, depth first. */
  paths(prefix: readonly PathElement[] = []): PathElement[][] {
    const out: PathElement[][] = [];
    for (const m of this.members) out.push([...prefix, m]);
    for (const [k, child] of this.children) out.push(...child.paths([...prefix, k]));
    return out;
  }

  size(): number {
    let n = this.members.size;
    for (const child of this.children.values()) n += child.size();
    return n;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }
}

const EMPTY = new FieldSet();
