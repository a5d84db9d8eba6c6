"""The learner's claim links: tokens and the claim page's offer (`service.py`),
and the no-JavaScript pages `/claim/<token>` and `/offer/<ref>` (`routes.py`)."""
