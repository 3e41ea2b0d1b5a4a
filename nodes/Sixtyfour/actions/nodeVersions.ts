import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The action node's versions. n8n saves a parameter only when it differs from its default, and
 * fills in today's default for what a workflow did not save; so a changed default, or a new option
 * whose default changes the output, would silently change workflows saved by 0.1.0. Version 1 keeps
 * 0.1.0's meaning, version 2 has today's defaults.
 */
export const VERSION_1 = { '@version': [1] };
export const SINCE_VERSION_2 = { '@version': [{ _cnd: { gte: 2 } }] };

/** 0.1.0's default Records (JSON): a sample record. */
export const RECORDS_DEFAULT_V1 = '[\n  {\n    "company_name": "Acme Corp",\n    "website": "acme.com"\n  }\n]';

/**
 * Whether unset options keep 0.1.0's output: rows as the file holds them, and no item for a record
 * that came back without a row, unless Output Records Without a Row (new in 0.2.0) is turned on.
 */
export function keeps010Output(context: IExecuteFunctions): boolean {
	return context.getNode().typeVersion < 2;
}
