/** A Map or a WeakMap. */
interface MapLike<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The inner map `outer` keeps for `key`, made on first use: the first level of the two-level
 * memos on the hot paths (scope → namespace, scope → type, operation → result, event type →
 * header category).
 */
export function mapFor<K, V>(outer: MapLike<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
