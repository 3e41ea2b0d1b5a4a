import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ApplicationError, ICredentialsHelper, isExpression } from 'n8n-workflow';

import { SixtyfourApi } from '../../credentials/SixtyfourApi.credentials';

/** Credential data by credential type name, as a user would have entered it in n8n. */
export interface HarnessCredentials {
	sixtyfourApi?: { apiKey: string; baseUrl: string; webhookSigningSecret?: string };
}

/** The credential types of this package, by name. */
export const packageCredentialTypes: Record<string, ICredentialType> = {
	sixtyfourApi: new SixtyfourApi(),
};

/** Stored data completed with the credential type's defaults, as n8n does before using it. */
export function withCredentialDefaults(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const completed: ICredentialDataDecryptedObject = {};
	for (const property of credentialType.properties) {
		if (property.default !== undefined) completed[property.name] = property.default as string;
	}
	return { ...completed, ...data };
}

/**
 * n8n's credential store and authenticator, reduced to what a node execution uses. `authenticate`
 * follows n8n's own CredentialsHelper: a function is called; a generic definition has each of its
 * `headers` / `qs` / `body` / `auth` entries resolved as an expression against `$credentials` by the
 * workflow's expression engine and set on the request.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentials: HarnessCredentials,
		private readonly credentialTypes: Record<string, ICredentialType> = packageCredentialTypes,
	) {
		super();
	}

	private getCredentialType(typeName: string): ICredentialType {
		const credentialType = this.credentialTypes[typeName];
		if (credentialType === undefined) {
			throw new ApplicationError(`The harness knows no credential type "${typeName}"`);
		}
		return credentialType;
	}

	getParentTypes(typeName: string): string[] {
		return this.getCredentialType(typeName).extends ?? [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getCredentialType(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;

		const resolve = (value: string) => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, string> | undefined>;
		requestOptions.headers ??= {};
		for (const [part, entries] of Object.entries(authenticate.properties)) {
			const values = (target[part] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				values[resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		// None of this package's credentials fetches a token before requests.
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type as keyof HarnessCredentials];
		if (data === undefined) {
			throw new ApplicationError(`No "${type}" credential was given to the harness`);
		}
		// A copy per use, as n8n decrypts afresh: a node changing it cannot affect the next request.
		return withCredentialDefaults(this.getCredentialType(type), { ...data });
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.getCredentialType(type).properties;
	}
}

/** How a node refers to each given credential (n8n stores an id and a display name on the node). */
export function nodeCredentialReferences(
	credentials: HarnessCredentials,
): Record<string, INodeCredentialsDetails> {
	return Object.fromEntries(
		Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: `${type} account` }]),
	);
}
