export type CsvValue = string | number | boolean | null;

// A number is kept only when printing it back gives the same text, so nothing the file said is lost:
// "007", "+1", "1e5", "1.50", "-0", " 1" and "1,000" stay strings. Integers of 10 or more digits also
// stay strings: at that length a bare digit string is far more often a phone number, an id or an
// account number than a quantity. Known limit: a five-digit ZIP code without a leading zero ("94105")
// reads as a number; ZIP codes with a leading zero or a +4 suffix, and formatted phone numbers, stay text.
const NUMBER_SHAPE = /^-?(?:0|[1-9]\d{0,8})(?:\.\d+)?$|^-?(?:0|[1-9]\d*)\.\d+$/;

/** Reads one CSV field as a JSON value, for users who turned type inference on. */
export function inferValue(raw: string): CsvValue {
	if (raw === '') return null;
	const lower = raw.length === 4 || raw.length === 5 ? raw.toLowerCase() : '';
	if (lower === 'true') return true;
	if (lower === 'false') return false;
	if (!NUMBER_SHAPE.test(raw)) return raw;
	const value = Number(raw);
	return String(value) === raw ? value : raw;
}
