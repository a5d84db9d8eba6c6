"""End-to-end encrypted wallet backups: the server keeps opaque ciphertext and
opaque key-slot metadata, one current version per account."""
