// Print a new holder key as JSON: node keygen.mjs ed25519-did-key | p256-jwk
import { newHolder } from './keys.mjs';

process.stdout.write(JSON.stringify(newHolder(process.argv[2])));
