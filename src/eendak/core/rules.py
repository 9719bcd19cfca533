# Loaded by rules' autodiscovery; the rules themselves live in one module: eendak.authz.
from eendak import authz  # noqa: F401
