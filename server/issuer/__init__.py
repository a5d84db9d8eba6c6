"""The one issuer: did:web identity, achievements and pathways, awards with status
list entries (the modules here), all its SQL (``store.py``) and tables
(``migrations.py``), OID4VCI delivery (``oid4vci/``), the learner's claim pages
(``claims/``) and the admin console (``console/``)."""
