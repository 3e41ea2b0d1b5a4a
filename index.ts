export { SixtyfourApi } from './credentials/SixtyfourApi.credentials';
export { Sixtyfour } from './nodes/Sixtyfour/Sixtyfour.node';
export { SixtyfourTrigger } from './nodes/SixtyfourTrigger/SixtyfourTrigger.node';
export { SixtyfourWebhookTrigger } from './nodes/SixtyfourWebhookTrigger/SixtyfourWebhookTrigger.node';
