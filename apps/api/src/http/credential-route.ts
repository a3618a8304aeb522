import { SetMetadata } from '@nestjs/common';

export const CREDENTIAL_ROUTE = 'sg:credential-route';

/**
 * The route carries or answers a secret (a password, a session token). Nothing of its requests
 * or answers may be written down: it refuses Idempotency-Key (see the idempotency middleware).
 */
export const CredentialRoute = () => SetMetadata(CREDENTIAL_ROUTE, true);
