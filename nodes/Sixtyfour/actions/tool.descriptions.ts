import type { INodeProperties } from 'n8n-workflow';

import { TOOL_V2 } from '../nodeVersions';

/** What the version 2 tool changes in the node's parameters (see byToolMode). */

/** What the model reads about `records`: what a record holds, for companies and for leads. */
export const RECORDS_FOR_MODEL =
	'The companies or people to enrich, as a JSON list of objects, one object per company or person; ' +
	'every object is billed as one record, so send each one once and only what the user asked about. ' +
	'A company: company_name and website, e.g. {"company_name": "Acme Corp", "website": "acme.com"}. ' +
	'A person (lead): full_name with company, and email or linkedin_url when known, e.g. ' +
	'{"full_name": "Jane Doe", "company": "Acme Corp", "linkedin_url": "https://www.linkedin.com/in/janedoe"}. ' +
	'When an answer of this tool lists expected_columns, the workflow reads those fields: name them exactly so.';

export const toolRecordsSource: Partial<INodeProperties> = {
	default: 'json',
	description: 'Where the records come from. As a tool, the model gives them; every record is billed.',
	options: [
		{
			name: 'From the Model',
			value: 'json',
			description: 'The model sends the records; Records (JSON) says what it is asked for',
		},
		{ name: 'None', value: 'none', description: 'Start the run without records (specs override only)' },
	],
};

export const toolRecords: Partial<INodeProperties> = {
	default: `={{ $fromAI('records', '${RECORDS_FOR_MODEL}', 'json') }}`,
	description:
		'The records, usually from the model through $fromAI(); its description tells the model what a record holds. Every record is billed.',
};

/** What the version 2 tool does unless told otherwise, where the user sets the tool up. */
export const toolNotice: INodeProperties = {
	displayName:
		'As an AI Agent tool: records come from the model, each one billed; at most 50 rows go back to the model, with the run\'s row count; the tool waits up to 1 minute, then gives the model the job ID and status to check later. Change these in the options.',
	name: 'toolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: TOOL_V2 },
};
