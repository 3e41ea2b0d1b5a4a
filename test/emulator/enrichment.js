// @ts-check
'use strict';

const { createHash } = require('crypto');

/** Columns an enrichment block adds, in the order they appear in result files. */
const ENRICHMENT_COLUMNS = [
	'domain',
	'industry',
	'employee_count',
	'headquarters',
	'linkedin_url',
	'contact_name',
	'title',
	'email',
	'phone',
	'description',
	'enrichment_status',
];

// Value pools chosen so result files exercise CSV quoting: commas, quotes, line breaks, unicode.
const INDUSTRIES = ['Software', 'Financial Services', 'Healthcare, Biotech', 'Retail & E-commerce', 'Manufacturing', 'Logistics, Supply Chain', 'Education', 'Media'];
const EMPLOYEE_COUNTS = [8, 24, 75, 180, 420, 1200, 5300, 18000];
const HEADQUARTERS = ['San Francisco, CA', 'New York, NY', 'München, Deutschland', 'São Paulo, Brasil', 'Zürich, Schweiz', '東京, 日本', 'London, UK', 'Kraków, Polska'];
const CONTACTS = ['Ana Müller', 'José García', "Zoë O'Brien", 'Li Wei', 'Priya Natarajan', 'Søren Lund', 'Amara Okafor', 'Mateo Rossi'];
const TITLES = ['VP of Sales', 'Head of Growth', 'CTO', 'Director, Revenue Operations', 'Chief "Everything" Officer', 'Founder & CEO', 'Head of Data', 'COO'];
const COMPANY_PREFIXES = ['Northwind', 'Café Olé', 'Blue Harbor', 'Quantum', 'Nordlicht', 'Acme', 'Vertex', 'Sakura'];
const COMPANY_SUFFIXES = ['Labs', 'Systems', 'GmbH', 'Inc.', 'Holdings, Ltd.', 'Analytics', 'Logistics', 'Studio'];

/**
 * A source of deterministic 32-bit values.
 * @typedef {() => number} Random
 */

/**
 * Deterministic values from one input row: the SHA-256 of its JSON, eight 32-bit words.
 * @param {unknown} row
 * @returns {{ enrichedScore: number, random: Random }} enrichedScore in [0, 1)
 */
function rowRandom(row) {
	const digest = createHash('sha256').update(JSON.stringify(row) ?? 'null').digest();
	let word = 1;
	return {
		enrichedScore: digest.readUInt32BE(0) / 2 ** 32,
		random: () => digest.readUInt32BE((word++ % 8) * 4),
	};
}

/**
 * Deterministic values for synthetic row `index`, fast enough for millions of rows (mulberry32).
 * @param {number} seed
 * @param {number} index
 * @returns {Random}
 */
function indexRandom(seed, index) {
	let state = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

/**
 * @template T
 * @param {readonly T[]} pool
 * @param {Random} random
 * @returns {T}
 */
function pick(pool, random) {
	return pool[random() % pool.length];
}

// Synthetic files reuse a few names millions of times; a small bounded memo keeps them cheap.
const slugMemo = new Map();

/** @param {string} text */
function asciiSlug(text) {
	let slug = slugMemo.get(text);
	if (slug === undefined) {
		slug = text
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '');
		if (slugMemo.size >= 4096) slugMemo.clear();
		slugMemo.set(text, slug);
	}
	return slug;
}

/** @param {unknown} value */
function text(value) {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** @param {string} website */
function hostOf(website) {
	const host = website.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0].toLowerCase();
	return host.replace(/^www\./, '');
}

/**
 * The enrichment a found row receives. Values the input already carries win over enriched ones,
 * as enrichment only fills gaps; the domain, company and contact are derived from the input.
 * @param {Record<string, unknown>} input
 * @param {Random} random
 * @param {string} [companySlug] precomputed slug of the company name
 * @returns {Record<string, string | number>}
 */
function enrichmentFor(input, random, companySlug) {
	const company = text(input.company_name) || text(input.company) || `${pick(COMPANY_PREFIXES, random)} ${pick(COMPANY_SUFFIXES, random)}`;
	const email = text(input.email);
	const slug = companySlug ?? (asciiSlug(company) || 'company');
	const domain = text(input.domain) || hostOf(text(input.website)) || email.split('@')[1] || `${slug}.com`;
	const industry = text(input.industry) || pick(INDUSTRIES, random);
	const headquarters = pick(HEADQUARTERS, random);
	const employeeCount = text(input.employee_count) || pick(EMPLOYEE_COUNTS, random);
	const contact = text(input.name) || text(input.contact_name) || pick(CONTACTS, random);
	const phoneSuffix = String(random() % 10000).padStart(4, '0');
	const detailed = random() % 3 === 0;
	return {
		domain,
		industry,
		employee_count: employeeCount,
		headquarters,
		linkedin_url: `https://www.linkedin.com/company/${slug}`,
		contact_name: contact,
		title: text(input.title) || pick(TITLES, random),
		email: email || `${asciiSlug(contact).replace(/-/g, '.')}@${domain}`,
		phone: `+1 (415) 555-${phoneSuffix}`,
		description: detailed
			? `${company} is a ${industry.toLowerCase()} company in ${headquarters}.\nKnown for "fast" onboarding; ${employeeCount} staff.`
			: `${company} is a ${industry.toLowerCase()} company in ${headquarters}.`,
		enrichment_status: 'enriched',
	};
}

/**
 * One synthetic result row for benchmarks: a company name plus the enrichment columns (12 in all).
 * @param {number} seed
 * @param {number} index
 * @returns {Record<string, string | number>}
 */
function syntheticRow(seed, index) {
	const random = indexRandom(seed, index);
	const name = `${pick(COMPANY_PREFIXES, random)} ${pick(COMPANY_SUFFIXES, random)}`;
	const company = `${name} ${index + 1}`;
	return { company_name: company, ...enrichmentFor({ company_name: company }, random, `${asciiSlug(name)}-${index + 1}`) };
}

module.exports = { ENRICHMENT_COLUMNS, rowRandom, enrichmentFor, syntheticRow };
