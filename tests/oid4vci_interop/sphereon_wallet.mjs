// A wallet built on @sphereon/oid4vci-client 0.20.1 (its OpenID4VCI 1.0 client,
// OpenID4VCIClientV1_0_15): takes an offer (by value or by reference), reads the
// metadata, gets an access token and a nonce, has the library build the proof JWT
// (signed by our callback with the holder key, named by kid or jwk) and the
// credential request, and posts it with the library.
//
// Sphereon 0.20.1 puts the proof in the singular `proof` member, which 1.0 final
// removed (only `proofs` remains). Satchel refuses `proof`; the step that shows
// this runs first, then the library's request is moved to `proofs.jwt` (the only
// change we make to what the library built) and sent by the library.
// Job (JSON file, argv[2]): { offer_uri, configuration, holder }.
import {
  CredentialRequestClientBuilderV1_0_15,
  OpenID4VCIClientV1_0_15,
  ProofOfPossessionBuilder,
} from '@sphereon/oid4vci-client';
import { main, signJwt, step } from './keys.mjs';

main(async ({ offer_uri: uri, configuration, holder }, steps) => {
  const client = await step(steps, 'offer and metadata (fromURI)', () =>
    OpenID4VCIClientV1_0_15.fromURI({ uri, retrieveServerMetadata: true, resolveOfferUri: true }),
  );
  await step(steps, 'configuration offered and advertised', () => {
    const metadata = client.endpointMetadata.credentialIssuerMetadata;
    const config = metadata.credential_configurations_supported?.[configuration];
    if (!config) throw new Error(`${configuration} is not in the metadata`);
    if (!client.credentialOffer.credential_offer.credential_configuration_ids.includes(configuration))
      throw new Error(`${configuration} is not in the offer`);
    const algs = config.proof_types_supported?.jwt?.proof_signing_alg_values_supported || [];
    if (!algs.includes(holder.alg)) throw new Error(`${holder.alg} proofs are not advertised`);
    const binding = holder.kid ? 'did:key' : 'jwk';
    if (!config.cryptographic_binding_methods_supported?.includes(binding))
      throw new Error(`${binding} binding is not advertised`);
  });
  const token = await step(steps, 'token (pre-authorized_code)', () =>
    client.acquireAccessToken({ asOpts: { allowInsecureEndpoints: true } }),
  );
  const callbacks = { signCallback: async (args) => signJwt(holder, args.header, args.payload) };
  const keyOpts = holder.kid ? { kid: holder.kid } : { jwk: holder.publicJwk };

  await step(steps, "library's own acquireCredentials (singular proof) is refused", async () => {
    try {
      await client.acquireCredentials({
        credentialConfigurationId: configuration,
        proofCallbacks: callbacks,
        alg: holder.alg,
        ...keyOpts,
      });
    } catch (err) {
      if (/status: 400/.test(String(err))) return;
      throw err;
    }
    throw new Error('the issuer accepted a singular proof');
  });

  const nonce = await step(steps, 'nonce (nonce endpoint)', () => client.acquireNonce());
  const requestClient = CredentialRequestClientBuilderV1_0_15.fromCredentialOffer({
    credentialOffer: client.credentialOffer,
    metadata: client.endpointMetadata,
  })
    .withCredentialConfigurationId(configuration)
    .withTokenFromResponse(token)
    .build();
  const built = await step(steps, 'proof JWT and credential request (library)', async () => {
    const proofInput = ProofOfPossessionBuilder.fromAccessTokenResponse({
      accessTokenResponse: { ...token, c_nonce: nonce },
      callbacks,
      version: client.version(),
    })
      .withIssuer(client.getIssuer())
      .withAlg(holder.alg)
      .withAccessTokenNonce(nonce);
    if (holder.kid) proofInput.withKid(holder.kid);
    else proofInput.withJWK(holder.publicJwk);
    return requestClient.createCredentialRequest({ proofInput, credentialConfigurationId: configuration });
  });
  const request = await step(steps, 'request moved from proof to proofs.jwt', () => {
    const { proof, ...rest } = built;
    if (proof?.proof_type !== 'jwt' || typeof proof.jwt !== 'string') throw new Error('no jwt proof built');
    return { ...rest, proofs: { jwt: [proof.jwt] } };
  });
  const response = await step(steps, 'credential (library posts proofs)', async () => {
    const r = await requestClient.acquireCredentialsUsingRequest(request);
    if (r.errorBody) throw new Error(`credential endpoint: ${JSON.stringify(r.errorBody)}`);
    return r.successBody;
  });
  const credential = await step(steps, 'credential in credentials[0]', () => {
    const value = response?.credentials?.[0]?.credential;
    if (!value) throw new Error(`no credentials[0].credential in ${JSON.stringify(response).slice(0, 300)}`);
    return value;
  });
  return { credential, token_has_c_nonce: 'c_nonce' in token, response_keys: Object.keys(response) };
});
