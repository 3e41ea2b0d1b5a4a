// @ts-check
'use strict';

// The statistics every section reports, so that "median" and "p90" mean the same everywhere.

/**
 * The value below which `fraction` of the values lie, by linear interpolation between ranks.
 * @param {number[]} values
 * @param {number} fraction 0..1
 */
function quantile(values, fraction) {
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (sorted.length - 1) * fraction;
	const low = Math.floor(rank);
	return sorted[low] + (sorted[Math.ceil(rank)] - sorted[low]) * (rank - low);
}

/** @param {number[]} values */
const median = (values) => quantile(values, 0.5);

/**
 * Median and range of repeated measurements.
 * @param {number[]} values
 * @returns {{ median: number, min: number, max: number, values: number[] }}
 */
function summary(values) {
	return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

module.exports = { quantile, median, summary };
