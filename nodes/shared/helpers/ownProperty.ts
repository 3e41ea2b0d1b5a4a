/**
 * Reading user data and API answers by key: only what the object holds itself counts. `in` and a
 * bare `object[key]` also find what every object inherits (`toString`, `constructor`, `__proto__`,
 * `hasOwnProperty`), which would read a field nobody sent as present.
 */

export function hasOwn(object: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value under `key` if the object holds it itself; undefined otherwise. */
export function ownValue(object: object, key: string): unknown {
	return hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}
