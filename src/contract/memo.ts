/**
 * The inner map `outer` keeps for `key`, made on first use: the first level of the two-level
 * memos on the encoder's paths (scope → namespace, scope → type, operation → result).
 */
export function mapFor<K extends object, V>(outer: WeakMap<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
