#!/bin/sh
# Creates deploy/secrets/ once: the PostgreSQL password (a compose secret for the
# postgres container) and satchel.env (the issuer key-encryption key and the
# database URL, read by compose on the host). Mode 0600, never committed.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
if [ -e secrets/satchel.env ] || [ -e secrets/postgres_password ]; then
  echo "make-secrets.sh: secrets/ already holds secrets; not replacing them" \
       "(a different key-encryption key cannot open the issuer keys)" >&2
  exit 1
fi
# 32 random bytes as 43 base64url characters (the format SATCHEL_KEK takes).
random_key() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
password=$(random_key)
printf '%s\n' "$password" > secrets/postgres_password
{
  printf 'SATCHEL_KEK=%s\n' "$(random_key)"
  printf 'SATCHEL_DATABASE=postgresql://satchel:%s@postgres:5432/satchel\n' "$password"
} > secrets/satchel.env
echo "make-secrets.sh: wrote secrets/postgres_password and secrets/satchel.env;" \
     "keep a copy of SATCHEL_KEK with your backups, apart from them"
