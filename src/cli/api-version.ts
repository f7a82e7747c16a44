// Which shape `-o json|yaml` has (see envelope.ts); its own module so the lazily loaded schemas in
// ./envelopes/ can name it without importing envelope.ts back.
export const API_VERSION = 'diag.kubectl.io/v1alpha3';
