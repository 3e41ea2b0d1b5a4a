// @ts-check
/**
 * Compares the node's CSV parser with papaparse and csv-parse on the same realistic enrichment file
 * (12 columns, quoted commas, quotes, line breaks, unicode) held in memory as bytes, as a download
 * leaves it. Ours is fed 64 KB byte chunks as the node is; the baselines decode the whole buffer and
 * parse it. Each parser runs in a fresh child process so heap figures do not mix; each reports its
 * best time of four rounds and the most heap its rows held afterwards (rows and the strings they
 * point into; the largest of the rounds, since a round can see garbage of the last). Wall time: run
 * it on an idle machine.
 *
 *   npx tsc nodes/shared/csv/csvParser.ts --outDir /tmp/csvbench --target es2021 --module commonjs --skipLibCheck
 *   node bench/csvParser.bench.js [rows=100000] [/tmp/csvbench]
 */
const { execFileSync } = require('child_process');
const path = require('path');

const FIRST_NAMES = ['Ana', 'José', 'Zoë', 'Łukasz', 'Mei', 'Søren', 'Amélie', 'Oluwaseun', 'Hiroshi', 'Chloé'];
const LAST_NAMES = ['García', 'Müller', 'O\'Brien', 'Nguyễn', 'Kowalski', 'Smith', 'Dubois', '王', 'Johansson', 'Rossi'];
const COMPANIES = ['Acme Corp', 'TechStart, Inc.', 'Globex "Labs"', 'Initech', 'Umbrella Group, LLC', 'Stark Industries'];
const TITLES = ['VP of Sales', 'Head of Growth, EMEA', 'CTO', 'Founder & CEO', 'Director, "Revenue Ops"'];
const CITIES = ['San Francisco, CA', 'München, Bayern', 'São Paulo, SP', 'Austin, TX', '東京, Japan'];

/** @param {string} value */
function quoted(value) {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A result file like Sixtyfour's final enriched output, deterministic for a given row count.
 * @param {number} rows
 */
function enrichmentCsv(rows) {
	const header = ['id', 'first_name', 'last_name', 'email', 'company', 'title', 'website', 'linkedin_url', 'phone', 'location', 'summary', 'confidence'];
	const lines = [header.join(',')];
	for (let i = 0; i < rows; i++) {
		const first = FIRST_NAMES[i % FIRST_NAMES.length];
		const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
		const company = COMPANIES[(i * 3) % COMPANIES.length];
		const summary = i % 5 === 0
			? `${first} leads ${company}'s team.\nPreviously at "Initech", focused on pipeline, churn and expansion.`
			: `${first} ${last} works on go-to-market, partnerships and revenue at ${company}.`;
		const row = [
			String(100000 + i),
			first,
			last,
			`${first.toLowerCase()}.${i}@example.com`,
			company,
			TITLES[i % TITLES.length],
			`https://www.example${i % 1000}.com`,
			`https://www.linkedin.com/in/person-${i}`,
			i % 4 === 0 ? '' : `+1 (415) 555-${String(i % 10000).padStart(4, '0')}`,
			CITIES[i % CITIES.length],
			summary,
			(0.5 + (i % 50) / 100).toFixed(2),
		];
		lines.push(row.map(quoted).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

/**
 * Runs in the child: parses the text with one parser and prints its figures as JSON.
 * @param {string} parserName
 * @param {number} rows
 * @param {string} compiledDir
 */
function measure(parserName, rows, compiledDir) {
	const bytes = Buffer.from(enrichmentCsv(rows));
	/** @type {() => Record<string, unknown>[]} */
	let parse;
	if (parserName === 'ours') {
		// As the node gets a download: 64 KB byte chunks, decoded as they come.
		const { CsvStreamParser } = require(path.join(compiledDir, 'csvParser.js'));
		parse = () => {
			/** @type {Record<string, unknown>[]} */
			const records = [];
			/** @param {Record<string, unknown>} record */
			const collect = (record) => {
				records.push(record);
			};
			const parser = new CsvStreamParser({ fileName: 'bench.csv' });
			for (let start = 0; start < bytes.length; start += 65536) parser.write(bytes.subarray(start, start + 65536), collect);
			parser.end(collect);
			return records;
		};
	} else if (parserName === 'papaparse') {
		const Papa = require('papaparse');
		parse = () => Papa.parse(bytes.toString('utf8'), { header: true, skipEmptyLines: true }).data;
	} else {
		const { parse: csvParse } = require('csv-parse/sync');
		parse = () => csvParse(bytes, { columns: true, skip_empty_lines: true, bom: true });
	}
	const gc = /** @type {() => void} */ (global.gc);
	let best = Infinity;
	let heapBytes = 0;
	/** @type {Record<string, unknown>[] | undefined} */
	let records;
	for (let round = 0; round < 4; round++) {
		records = undefined;
		gc();
		const before = process.memoryUsage().heapUsed;
		const started = process.hrtime.bigint();
		records = parse();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		gc();
		heapBytes = Math.max(heapBytes, process.memoryUsage().heapUsed - before);
		best = Math.min(best, seconds);
		if (records.length !== rows) throw new Error(`${parserName} produced ${records.length} rows`);
	}
	process.stdout.write(JSON.stringify({ parserName, rowsPerSecond: rows / best, heapMB: heapBytes / 2 ** 20 }));
}

function main() {
	const rows = Number(process.argv[2] ?? 100000);
	const compiledDir = path.resolve(process.argv[3] ?? '/tmp/csvbench');
	const results = ['ours', 'papaparse', 'csv-parse'].map((parserName) => JSON.parse(
		execFileSync(process.execPath, ['--expose-gc', __filename, '--child', parserName, String(rows), compiledDir], {
			encoding: 'utf8',
			maxBuffer: 1 << 20,
		}),
	));
	console.log(`${rows} rows x 12 columns, ${(Buffer.byteLength(enrichmentCsv(rows)) / 2 ** 20).toFixed(1)} MB`);
	for (const { parserName, rowsPerSecond, heapMB } of results) {
		console.log(`${parserName.padEnd(12)} ${Math.round(rowsPerSecond).toLocaleString('en').padStart(12)} rows/s  ${heapMB.toFixed(1).padStart(7)} MB heap held (rows and the text they point into)`);
	}
	const fastest = results[1].rowsPerSecond > results[2].rowsPerSecond ? results[1] : results[2];
	console.log(`ours / ${fastest.parserName}: ${(results[0].rowsPerSecond / fastest.rowsPerSecond).toFixed(2)}x speed, ${(results[0].heapMB / fastest.heapMB).toFixed(2)}x heap`);
}

if (process.argv[2] === '--child') {
	measure(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
	main();
}
