"""The client's address, for sign-in lockout and rate limits.

Behind a reverse proxy REMOTE_ADDR is the proxy. With `REINTEGRA_TRUSTED_PROXY_COUNT`
set to the number of proxies in front of the application, the address is read from
X-Forwarded-For, counting that many hops from the right, so a client cannot reset its
lockout by sending a forged header.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as far as the trusted proxies vouch for."""
    proxies = settings.REINTEGRA_TRUSTED_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    hops = [
        hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()
    ]
    return hops[-proxies] if len(hops) >= proxies else remote
