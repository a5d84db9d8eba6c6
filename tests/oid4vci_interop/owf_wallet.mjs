// A wallet built on the OpenWallet Foundation's @openid4vc/openid4vci 0.4.6
// (Openid4vciClient with our callbacks: Node's fetch, hash, random and a JWT
// signer with the holder key): resolve the offer (by value or by reference) and
// the issuer metadata, token, nonce, proof JWT, credential request with proofs.
// Loopback HTTP: the library refuses http:// URLs unless its global config has
// allowInsecureUrls (tests only).
// Job (JSON file, argv[2]): { offer_uri, configuration, holder }.
import { createHash, randomBytes } from 'node:crypto';
import { clientAuthenticationAnonymous, setGlobalConfig } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { main, signJwt, step } from './keys.mjs';

setGlobalConfig({ allowInsecureUrls: true });

main(async ({ offer_uri: uri, configuration, holder }, steps) => {
  const callbacks = {
    fetch,
    clientAuthentication: clientAuthenticationAnonymous(), // pre-authorized_code: anonymous access
    hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
    generateRandom: (n) => new Uint8Array(randomBytes(n)),
    signJwt: async (signer, { header, payload }) => ({ jwt: signJwt(holder, header, payload), signerJwk: holder.publicJwk }),
  };
  const client = new Openid4vciClient({ callbacks });
  const offer = await step(steps, 'resolve credential offer', () => client.resolveCredentialOffer(uri));
  const metadata = await step(steps, 'resolve issuer metadata', () => client.resolveIssuerMetadata(offer.credential_issuer));
  await step(steps, 'configuration offered and advertised', () => {
    if (!offer.credential_configuration_ids.includes(configuration)) throw new Error(`${configuration} is not offered`);
    const config = metadata.credentialIssuer.credential_configurations_supported[configuration];
    const binding = holder.kid ? 'did:key' : 'jwk';
    if (!config?.cryptographic_binding_methods_supported?.includes(binding))
      throw new Error(`${binding} binding is not advertised`);
  });
  const token = await step(steps, 'token (pre-authorized_code)', () =>
    client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata: metadata }),
  );
  const nonce = await step(steps, 'nonce (nonce endpoint)', async () => (await client.requestNonce({ issuerMetadata: metadata })).c_nonce);
  const proof = await step(steps, 'proof JWT', () =>
    client.createCredentialRequestJwtProof({
      issuerMetadata: metadata,
      credentialConfigurationId: configuration,
      nonce,
      signer: holder.kid
        ? { method: 'did', didUrl: holder.kid, alg: holder.alg }
        : { method: 'jwk', publicJwk: holder.publicJwk, alg: holder.alg },
    }),
  );
  const response = await step(steps, 'credential (proofs.jwt)', async () => {
    const r = await client.retrieveCredentials({
      issuerMetadata: metadata,
      accessToken: token.accessTokenResponse.access_token,
      credentialConfigurationId: configuration,
      proofs: { jwt: [proof.jwt] },
    });
    return r.credentialResponse;
  });
  const credential = await step(steps, 'credential in credentials[0]', () => {
    const value = response?.credentials?.[0]?.credential;
    if (!value) throw new Error(`no credentials[0].credential in ${JSON.stringify(response).slice(0, 300)}`);
    return value;
  });
  return {
    credential,
    version: metadata.originalDraftVersion,
    token_has_c_nonce: 'c_nonce' in token.accessTokenResponse,
    response_keys: Object.keys(response),
  };
});
