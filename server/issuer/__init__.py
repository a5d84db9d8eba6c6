"""The issuer: did:web identity, achievements and pathways, awards with status
list entries, OID4VCI delivery and the admin console."""
